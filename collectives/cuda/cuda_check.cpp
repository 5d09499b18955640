#include "collectives/cuda/cuda_check.hpp"

#include <cstring>

namespace commbench {
namespace {

std::string where(const char* call, const char* file, int line) {
  const char* slash = std::strrchr(file, '/');
  return std::string(slash != nullptr ? slash + 1 : file) + ":" + std::to_string(line) + ": " + call;
}

}  // namespace

void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line) {
  throw CudaError(where(call, file, line) + " failed: " + cudaGetErrorName(status) + " (" +
                  cudaGetErrorString(status) + ")");
}

void throw_nccl_error(ncclResult_t status, const char* call, const char* file, int line) {
  // ncclGetLastError carries NCCL's detail (which peer, which transport) when it has one.
  const char* detail = ncclGetLastError(nullptr);
  std::string text = where(call, file, line) + " failed: " + ncclGetErrorString(status);
  if (detail != nullptr && detail[0] != '\0') text += std::string(" (") + detail + ")";
  throw CudaError(text);
}

}  // namespace commbench
