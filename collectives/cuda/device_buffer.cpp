#include "collectives/cuda/device_buffer.hpp"

#include "collectives/cuda/cuda_check.hpp"

namespace commbench {

DeviceBuffer::DeviceBuffer(std::size_t bytes, cudaStream_t stream) : memory_(bytes), stream_(stream) {
  // Touched once, like host buffers, so that nothing lazy lands in a timed iteration.
  COMMBENCH_CUDA_CHECK(cudaMemsetAsync(memory_.get(), 0, bytes, stream_));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

void DeviceBuffer::upload(const void* source, std::size_t bytes, std::size_t offset) {
  COMMBENCH_CUDA_CHECK(
      cudaMemcpyAsync(static_cast<char*>(memory_.get()) + offset, source, bytes, cudaMemcpyHostToDevice, stream_));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

void DeviceBuffer::download(void* destination, std::size_t bytes, std::size_t offset) const {
  COMMBENCH_CUDA_CHECK(cudaMemcpyAsync(destination, static_cast<const char*>(memory_.get()) + offset, bytes,
                                       cudaMemcpyDeviceToHost, stream_));
  COMMBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
}

}  // namespace commbench
