#include "collectives/nccl/nccl_communicator.hpp"

#include "collectives/cuda/cuda_check.hpp"

namespace commbench {

NcclCommunicator::~NcclCommunicator() {
  if (!aborted_.exchange(true)) ncclCommDestroy(comm_);
}

void NcclCommunicator::abort() noexcept {
  if (!aborted_.exchange(true, std::memory_order_acq_rel)) ncclCommAbort(comm_);
}

std::string NcclCommunicator::asynchronous_error() const {
  if (aborted()) return "the communicator was aborted after an earlier error";
  ncclResult_t pending = ncclSuccess;
  COMMBENCH_NCCL_CHECK(ncclCommGetAsyncError(comm_, &pending));
  if (pending == ncclSuccess || pending == ncclInProgress) return "";
  const char* detail = ncclGetLastError(comm_);
  std::string text = ncclGetErrorString(pending);
  if (detail != nullptr && detail[0] != '\0') text += std::string(" (") + detail + ")";
  return text;
}

}  // namespace commbench
