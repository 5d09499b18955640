#include "collectives/cuda/cuda_handles.hpp"

#include "collectives/cuda/cuda_check.hpp"

namespace commbench {

CudaStream::CudaStream() { COMMBENCH_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking)); }
CudaStream::~CudaStream() { cudaStreamDestroy(stream_); }

CudaEvent::CudaEvent() { COMMBENCH_CUDA_CHECK(cudaEventCreateWithFlags(&event_, cudaEventDefault)); }
CudaEvent::~CudaEvent() { cudaEventDestroy(event_); }

DeviceAllocation::DeviceAllocation(std::size_t bytes) : bytes_(bytes) {
  // One byte at least, so that even an empty buffer has a distinct, valid address.
  COMMBENCH_CUDA_CHECK(cudaMalloc(&pointer_, bytes == 0 ? 1 : bytes));
}
DeviceAllocation::~DeviceAllocation() { cudaFree(pointer_); }

CudaGraph::CudaGraph(cudaGraph_t graph, cudaStream_t stream) : graph_(graph) {
  try {
    COMMBENCH_CUDA_CHECK(cudaGraphInstantiate(&executable_, graph_, 0));
    COMMBENCH_CUDA_CHECK(cudaGraphUpload(executable_, stream));
  } catch (...) {
    // The destructor does not run for a constructor that throws.
    if (executable_ != nullptr) cudaGraphExecDestroy(executable_);
    cudaGraphDestroy(graph_);
    throw;
  }
}
CudaGraph::~CudaGraph() {
  if (executable_ != nullptr) cudaGraphExecDestroy(executable_);
  cudaGraphDestroy(graph_);
}
void CudaGraph::launch(cudaStream_t stream) const { COMMBENCH_CUDA_CHECK(cudaGraphLaunch(executable_, stream)); }

}  // namespace commbench
