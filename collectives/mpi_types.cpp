#include "mpi_types.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "half_float.hpp"

namespace commbench {
namespace {

struct Sum {
  float operator()(float a, float b) const { return a + b; }
};
struct Prod {
  float operator()(float a, float b) const { return a * b; }
};
struct Min {
  float operator()(float a, float b) const { return std::min(a, b); }
};
struct Max {
  float operator()(float a, float b) const { return std::max(a, b); }
};

Float16 from_float(float value, Float16 /*tag*/) { return float16_from_float(value); }
BFloat16 from_float(float value, BFloat16 /*tag*/) { return bfloat16_from_float(value); }

template <typename Half, typename Combine>
void reduce_half(void* in, void* inout, int* length, MPI_Datatype* /*datatype*/) {
  const auto* source = static_cast<const Half*>(in);
  auto* target = static_cast<Half*>(inout);
  const Combine combine;
  for (int i = 0; i < *length; ++i) {
    target[i] = from_float(combine(to_float(source[i]), to_float(target[i])), Half{});
  }
}

template <typename Half>
std::array<MPI_Op, 4> create_half_ops() {
  std::array<MPI_Op, 4> ops{};
  MPI_Op_create(&reduce_half<Half, Sum>, 1, &ops[0]);
  MPI_Op_create(&reduce_half<Half, Prod>, 1, &ops[1]);
  MPI_Op_create(&reduce_half<Half, Min>, 1, &ops[2]);
  MPI_Op_create(&reduce_half<Half, Max>, 1, &ops[3]);
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

template <typename T>
void divide_typed(T* data, std::size_t count, int divisor) {
  for (std::size_t i = 0; i < count; ++i) data[i] = static_cast<T>(data[i] / divisor);
}

template <typename Half>
void divide_half(Half* data, std::size_t count, int divisor) {
  const float d = static_cast<float>(divisor);
  for (std::size_t i = 0; i < count; ++i) data[i] = from_float(to_float(data[i]) / d, Half{});
}

}  // namespace

MpiTypes::MpiTypes()
    : float16_(create_two_byte_type()),
      bfloat16_(create_two_byte_type()),
      float16_ops_(create_half_ops<Float16>()),
      bfloat16_ops_(create_half_ops<BFloat16>()) {}

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

void divide_elements(void* data, std::size_t count, Dtype dtype, int divisor) {
  switch (dtype) {
    case Dtype::int8:
      return divide_typed(static_cast<std::int8_t*>(data), count, divisor);
    case Dtype::uint8:
      return divide_typed(static_cast<std::uint8_t*>(data), count, divisor);
    case Dtype::int32:
      return divide_typed(static_cast<std::int32_t*>(data), count, divisor);
    case Dtype::uint32:
      return divide_typed(static_cast<std::uint32_t*>(data), count, divisor);
    case Dtype::int64:
      return divide_typed(static_cast<std::int64_t*>(data), count, divisor);
    case Dtype::uint64:
      return divide_typed(static_cast<std::uint64_t*>(data), count, divisor);
    case Dtype::float16:
      return divide_half(static_cast<Float16*>(data), count, divisor);
    case Dtype::bfloat16:
      return divide_half(static_cast<BFloat16*>(data), count, divisor);
    case Dtype::float8_e4m3:
    case Dtype::float8_e5m2:
      refuse_float8(dtype);
    case Dtype::float32:
      return divide_typed(static_cast<float*>(data), count, divisor);
    case Dtype::float64:
      return divide_typed(static_cast<double*>(data), count, divisor);
  }
}

}  // namespace commbench
