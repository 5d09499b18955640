#pragma once
// Element-wise arithmetic on GPU memory that a transport leaves to the caller: MPI has no
// avg, so the MPI backend sums and then divides (on the device with --device cuda).
#include <cuda_runtime_api.h>

#include <cstddef>

#include "dtype.hpp"

namespace commbench {

// Divides count elements at data by divisor in place and waits for it; integer division
// truncates, as NCCL's avg does.
void divide_on_device(void* data, std::size_t count, Dtype dtype, int divisor, cudaStream_t stream);

}  // namespace commbench
