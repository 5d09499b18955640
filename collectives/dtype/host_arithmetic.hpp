#pragma once
// Element-wise arithmetic on host memory, written once for every host dtype (visit_dtype):
// what MPI lacks for float16 and bfloat16 (its user-defined operators call reduce_elements),
// the divide that turns a sum into avg, and the local reductions of the explicit algorithms
// on host memory (explicit_algorithms.hpp). device_arithmetic is the GPU's counterpart.
#include <cstddef>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {

// target[i] = target[i] op source[i] for i in [0, count). avg reduces as sum: the caller
// divides once at the end (divide_elements). float16 and bfloat16 are computed in float and
// rounded to nearest even, as the MPI backend always has; integer sums and products wrap
// (two's complement, as NCCL's do) instead of overflowing. float8 has no host storage type:
// std::invalid_argument. source and target must not overlap unless they are equal.
void reduce_elements(const void* source, void* target, std::size_t count, Dtype dtype, ReduceOp op);

// Divides count elements of dtype at data by divisor in place (integer division truncates,
// as NCCL's avg does for integer types).
void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor);

}  // namespace commbench
