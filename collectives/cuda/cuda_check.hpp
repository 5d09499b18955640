#pragma once
// Every CUDA and NCCL call is checked. A failure throws CudaError with the file, the line,
// the call as written and the library's own description, so that a report or a terminal
// says exactly which call failed where (item 7 of the NCCL backend's requirements).
#include <cuda_runtime_api.h>
#include <nccl.h>

#include <stdexcept>
#include <string>

namespace commbench {

class CudaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void throw_cuda_error(cudaError_t status, const char* call, const char* file, int line);
[[noreturn]] void throw_nccl_error(ncclResult_t status, const char* call, const char* file, int line);

}  // namespace commbench

#define COMMBENCH_CUDA_CHECK(call)                                                  \
  do {                                                                              \
    const cudaError_t commbench_status_ = (call);                                   \
    if (commbench_status_ != cudaSuccess) {                                         \
      ::commbench::throw_cuda_error(commbench_status_, #call, __FILE__, __LINE__);  \
    }                                                                               \
  } while (0)

#define COMMBENCH_NCCL_CHECK(call)                                                  \
  do {                                                                              \
    const ncclResult_t commbench_status_ = (call);                                  \
    if (commbench_status_ != ncclSuccess) {                                         \
      ::commbench::throw_nccl_error(commbench_status_, #call, __FILE__, __LINE__);  \
    }                                                                               \
  } while (0)
