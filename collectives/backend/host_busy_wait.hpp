#pragma once
// Emulated compute on a CPU: a busy wait on the monotonic clock, so that the core stays
// occupied as a real kernel or layer would keep it, and the duration is what was asked for
// to within one clock read and one progress call (the calibration error the pipeline and
// gradient-sync benchmarks measure and report).
#include <functional>

namespace commbench {

// Spins for seconds (nothing when <= 0), calling progress (when given) about every
// kProgressInterval so that collectives started before it advance meanwhile.
void host_busy_wait(double seconds, const std::function<void()>& progress = {});

}  // namespace commbench
