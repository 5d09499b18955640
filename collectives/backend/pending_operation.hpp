#pragma once
// A collective or a send started without waiting for it: how gradient synchronization
// overlaps the backward pass (Backend::start_allreduce and friends), and how a pipeline
// stage sends its output without waiting for the next stage to be ready to receive it
// (Backend::start_send). The caller keeps the buffers alive and untouched until done() or
// wait() says it has completed.
namespace commbench {

class PendingOperation {
 public:
  virtual ~PendingOperation() = default;
  PendingOperation() = default;
  PendingOperation(const PendingOperation&) = delete;
  PendingOperation& operator=(const PendingOperation&) = delete;

  // True once the operation has completed. Never blocks; on the host each call also lets
  // MPI advance it (MPI_Test), which is what keeps it moving during emulated compute.
  virtual bool done() = 0;
  // Blocks until the operation has completed.
  virtual void wait() = 0;
  // After completion: how long the operation took. Over MPI, from the start call to the
  // first done() or wait() that saw it complete (host clock); on a GPU, between CUDA events
  // around it on the communication stream, i.e. from the moment the stream reached it.
  virtual double seconds() const = 0;
};

}  // namespace commbench
