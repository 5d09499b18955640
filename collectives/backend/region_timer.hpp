#pragma once
// Times one region of a backend's operations: from start() to the completion of everything
// issued before stop(). Blocking transports use the host's monotonic clock; a GPU backend
// records CUDA events on its stream, so that the time is the device's, not the host's.
#include <chrono>
#include <memory>

namespace commbench {

class RegionTimer {
 public:
  virtual ~RegionTimer() = default;
  virtual void start() = 0;
  // Waits until every operation issued since start() has completed; returns the seconds
  // between start() and that completion.
  virtual double stop() = 0;
};

// The host clock, for backends whose synchronize() returns when the work is done.
template <typename Synchronize>
class HostClockTimer final : public RegionTimer {
 public:
  explicit HostClockTimer(Synchronize synchronize) : synchronize_(std::move(synchronize)) {}
  void start() override { start_ = std::chrono::steady_clock::now(); }
  double stop() override {
    synchronize_();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  Synchronize synchronize_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace commbench
