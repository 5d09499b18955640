#include "collectives/nccl/nccl_types.hpp"

#include <stdexcept>
#include <string>

namespace commbench {

ncclDataType_t nccl_datatype(Dtype dtype) {
  switch (dtype) {
    case Dtype::int8:
      return ncclInt8;
    case Dtype::uint8:
      return ncclUint8;
    case Dtype::int32:
      return ncclInt32;
    case Dtype::uint32:
      return ncclUint32;
    case Dtype::int64:
      return ncclInt64;
    case Dtype::uint64:
      return ncclUint64;
    case Dtype::float16:
      return ncclFloat16;
    case Dtype::bfloat16:
      return ncclBfloat16;
    case Dtype::float8_e4m3:
    case Dtype::float8_e5m2:
#if NCCL_VERSION_CODE >= NCCL_VERSION(2, 24, 0)
      return dtype == Dtype::float8_e4m3 ? ncclFloat8e4m3 : ncclFloat8e5m2;
#else
      throw std::invalid_argument("nccl backend: " + std::string(dtype_name(dtype)) +
                                  " needs NCCL 2.24 or newer (this build has NCCL " + std::to_string(NCCL_MAJOR) +
                                  "." + std::to_string(NCCL_MINOR) + ")");
#endif
    case Dtype::float32:
      return ncclFloat32;
    case Dtype::float64:
      return ncclFloat64;
  }
  throw std::logic_error("unhandled Dtype");
}

ncclRedOp_t nccl_op(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum:
      return ncclSum;
    case ReduceOp::prod:
      return ncclProd;
    case ReduceOp::min:
      return ncclMin;
    case ReduceOp::max:
      return ncclMax;
    case ReduceOp::avg:
      return ncclAvg;
  }
  throw std::logic_error("unhandled ReduceOp");
}

}  // namespace commbench
