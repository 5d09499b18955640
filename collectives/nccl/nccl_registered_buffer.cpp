#include "collectives/nccl/nccl_registered_buffer.hpp"

#include "collectives/cuda/cuda_check.hpp"

namespace commbench {

NcclRegisteredBuffer::NcclRegisteredBuffer(std::unique_ptr<Buffer> memory,
                                           std::shared_ptr<NcclCommunicator> communicator)
    : memory_(std::move(memory)), communicator_(std::move(communicator)) {
  if (memory_->bytes() == 0) return;  // nothing to register
  COMMBENCH_NCCL_CHECK(ncclCommRegister(communicator_->get(), memory_->data(), memory_->bytes(), &handle_));
}

NcclRegisteredBuffer::~NcclRegisteredBuffer() {
  if (handle_ != nullptr && !communicator_->aborted()) ncclCommDeregister(communicator_->get(), handle_);
}

}  // namespace commbench
