#pragma once
// Owner of one ncclComm_t: destroyed with the object, or aborted once, from any thread, when
// the run must end while an operation may still be in flight (a timeout, an asynchronous
// error). After an abort the communicator is never touched again, destructor included.
#include <nccl.h>

#include <atomic>
#include <string>

namespace commbench {

class NcclCommunicator {
 public:
  explicit NcclCommunicator(ncclComm_t comm) : comm_(comm) {}
  ~NcclCommunicator();
  NcclCommunicator(const NcclCommunicator&) = delete;
  NcclCommunicator& operator=(const NcclCommunicator&) = delete;

  ncclComm_t get() const { return comm_; }
  // ncclCommAbort, at most once; later calls do nothing.
  void abort() noexcept;
  bool aborted() const noexcept { return aborted_.load(std::memory_order_acquire); }
  // The communicator's pending asynchronous error: empty while there is none (or it is still
  // in progress), else NCCL's description of it.
  std::string asynchronous_error() const;

 private:
  ncclComm_t comm_;
  std::atomic<bool> aborted_{false};
};

}  // namespace commbench
