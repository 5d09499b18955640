#pragma once
// Owners of CUDA handles: each is created in its constructor and released in its destructor,
// so that no path (an exception, an early return) leaks a stream, an event, device memory
// or a graph. Release errors are ignored on purpose: a destructor runs during unwinding too,
// when the context may already be broken, and the first error is the one worth reporting.
#include <cuda_runtime_api.h>

#include <cstddef>

namespace commbench {

class CudaStream {
 public:
  // Non-blocking: the legacy default stream never serializes against it.
  CudaStream();
  ~CudaStream();
  CudaStream(const CudaStream&) = delete;
  CudaStream& operator=(const CudaStream&) = delete;
  cudaStream_t get() const { return stream_; }

 private:
  cudaStream_t stream_ = nullptr;
};

class CudaEvent {
 public:
  CudaEvent();  // with timing, blocking-sync off: waits poll, so async NCCL errors are seen
  ~CudaEvent();
  CudaEvent(const CudaEvent&) = delete;
  CudaEvent& operator=(const CudaEvent&) = delete;
  cudaEvent_t get() const { return event_; }

 private:
  cudaEvent_t event_ = nullptr;
};

class DeviceAllocation {
 public:
  explicit DeviceAllocation(std::size_t bytes);
  ~DeviceAllocation();
  DeviceAllocation(const DeviceAllocation&) = delete;
  DeviceAllocation& operator=(const DeviceAllocation&) = delete;
  void* get() const { return pointer_; }
  std::size_t bytes() const { return bytes_; }

 private:
  void* pointer_ = nullptr;
  std::size_t bytes_ = 0;
};

// A captured graph, instantiated and uploaded so that its first launch costs no more than
// the next ones.
class CudaGraph {
 public:
  CudaGraph(cudaGraph_t graph, cudaStream_t stream);
  ~CudaGraph();
  CudaGraph(const CudaGraph&) = delete;
  CudaGraph& operator=(const CudaGraph&) = delete;
  void launch(cudaStream_t stream) const;

 private:
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t executable_ = nullptr;
};

}  // namespace commbench
