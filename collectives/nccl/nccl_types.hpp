#pragma once
// NCCL's names for commbench's dtypes and operators.
#include <nccl.h>

#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {

// Throws std::invalid_argument for a dtype this NCCL lacks (float8 before NCCL 2.24).
ncclDataType_t nccl_datatype(Dtype dtype);
ncclRedOp_t nccl_op(ReduceOp op);

}  // namespace commbench
