#pragma once
// Element-wise arithmetic on GPU memory that a transport leaves to the caller: MPI has no
// avg, so the MPI backend sums and then divides (on the device with --device cuda), and the
// explicit algorithms (explicit_algorithms.hpp) reduce the blocks they receive. Both are
// enqueued on stream and return before they run, so that they stay in order with NCCL's
// operations on the same stream (and can be captured in a CUDA graph); a caller that needs
// the result outside the stream synchronizes it.
#include <cuda_runtime_api.h>

#include <cstddef>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {

// Divides count elements at data by divisor in place; integer division truncates, as NCCL's
// avg does.
void divide_on_device(void* data, std::size_t count, Dtype dtype, int divisor, cudaStream_t stream);

// target[i] = target[i] op source[i]; avg reduces as sum. Integer sums and products wrap;
// float16, bfloat16 and float8 are computed in double and rounded once.
void reduce_on_device(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op,
                      cudaStream_t stream);

}  // namespace commbench
