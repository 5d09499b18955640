#include "collectives/backend/host_busy_wait.hpp"

#include <chrono>

namespace commbench {
namespace {

// Often enough that an MPI collective in flight is never left waiting long for its next
// step, rarely enough that the calls are a small share of the wait.
constexpr std::chrono::microseconds kProgressInterval{20};

}  // namespace

void host_busy_wait(double seconds, const std::function<void()>& progress) {
  if (!(seconds > 0)) return;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point end =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  Clock::time_point next_progress = Clock::now();
  for (Clock::time_point now = Clock::now(); now < end; now = Clock::now()) {
    if (progress && now >= next_progress) {
      progress();
      next_progress = now + kProgressInterval;
    }
  }
}

}  // namespace commbench
