#include "collectives/mpi/mpi_types.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>

#include "collectives/dtype/host_arithmetic.hpp"

namespace commbench {
namespace {

// MPI's user-defined operator for op on the two-byte types, computed by the host arithmetic
// that the explicit algorithms use too (inout = inout op in).
template <Dtype kDtype, ReduceOp kOp>
void reduce_half(void* in, void* inout, int* length, MPI_Datatype* /*datatype*/) {
  reduce_elements(in, inout, static_cast<std::size_t>(*length), kDtype, kOp);
}

template <Dtype kDtype>
std::array<MPI_Op, 4> create_half_ops() {
  std::array<MPI_Op, 4> ops{};
  MPI_Op_create(&reduce_half<kDtype, ReduceOp::sum>, 1, &ops[0]);
  MPI_Op_create(&reduce_half<kDtype, ReduceOp::prod>, 1, &ops[1]);
  MPI_Op_create(&reduce_half<kDtype, ReduceOp::min>, 1, &ops[2]);
  MPI_Op_create(&reduce_half<kDtype, ReduceOp::max>, 1, &ops[3]);
  return ops;
}

MPI_Datatype create_two_byte_type() {
  MPI_Datatype type;
  MPI_Type_contiguous(2, MPI_BYTE, &type);
  MPI_Type_commit(&type);
  return type;
}

std::size_t op_index(ReduceOp op) {
  switch (op) {
    case ReduceOp::sum:
    case ReduceOp::avg:
      return 0;
    case ReduceOp::prod:
      return 1;
    case ReduceOp::min:
      return 2;
    case ReduceOp::max:
      return 3;
  }
  throw std::logic_error("unhandled ReduceOp");
}

// MPI has no 8-bit float type: float8 data needs a GPU backend.
[[noreturn]] void refuse_float8(Dtype dtype) {
  throw std::invalid_argument("the mpi backend has no " + std::string(dtype_name(dtype)) +
                              " type; float8 types need --backend nccl");
}

}  // namespace

MpiTypes::MpiTypes()
    : float16_(create_two_byte_type()),
      bfloat16_(create_two_byte_type()),
      float16_ops_(create_half_ops<Dtype::float16>()),
      bfloat16_ops_(create_half_ops<Dtype::bfloat16>()) {}

MpiTypes::~MpiTypes() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  for (auto& op : float16_ops_) MPI_Op_free(&op);
  for (auto& op : bfloat16_ops_) MPI_Op_free(&op);
  MPI_Type_free(&float16_);
  MPI_Type_free(&bfloat16_);
}

MPI_Datatype MpiTypes::datatype(Dtype dtype) const {
  switch (dtype) {
    case Dtype::int8:
      return MPI_INT8_T;
    case Dtype::uint8:
      return MPI_UINT8_T;
    case Dtype::int32:
      return MPI_INT32_T;
    case Dtype::uint32:
      return MPI_UINT32_T;
    case Dtype::int64:
      return MPI_INT64_T;
    case Dtype::uint64:
      return MPI_UINT64_T;
    case Dtype::float16:
      return float16_;
    case Dtype::bfloat16:
      return bfloat16_;
    case Dtype::float8_e4m3:
    case Dtype::float8_e5m2:
      refuse_float8(dtype);
    case Dtype::float32:
      return MPI_FLOAT;
    case Dtype::float64:
      return MPI_DOUBLE;
  }
  throw std::logic_error("unhandled Dtype");
}

MPI_Op MpiTypes::op(ReduceOp op, Dtype dtype) const {
  if (dtype_is_float8(dtype)) refuse_float8(dtype);
  const std::size_t index = op_index(op);
  if (dtype == Dtype::float16) return float16_ops_[index];
  if (dtype == Dtype::bfloat16) return bfloat16_ops_[index];
  const std::array<MPI_Op, 4> builtin{MPI_SUM, MPI_PROD, MPI_MIN, MPI_MAX};
  return builtin[index];
}

}  // namespace commbench
