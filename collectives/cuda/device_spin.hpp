#pragma once
// Emulated compute on a GPU: one thread spins on the GPU's global nanosecond timer for a
// given time, enqueued on a stream, so that the stream is busy exactly as a kernel of that
// length would keep it while other streams (communication) run beside it. The timer is the
// wall clock, not the SM clock, so the duration does not depend on clock boosts; what it
// achieves is measured with CUDA events (the calibration error the benchmarks report).
#include <cuda_runtime_api.h>

namespace commbench {

// Enqueues the spin on stream and returns at once; nothing when seconds <= 0.
void spin_on_device(double seconds, cudaStream_t stream);

}  // namespace commbench
