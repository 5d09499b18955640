#pragma once
// Element types the collectives move and reduce, with their names and sizes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commbench {

// The types NCCL 2.28 reduces. float8_e4m3 and float8_e5m2 (OCP FP8) exist only on the GPU:
// host code never holds float8 data, and the mpi backend has no float8 type.
enum class Dtype {
  int8,
  uint8,
  int32,
  uint32,
  int64,
  uint64,
  float16,
  bfloat16,
  float8_e4m3,
  float8_e5m2,
  float32,
  float64
};

std::string_view dtype_name(Dtype dtype);
std::size_t dtype_size(Dtype dtype);
bool dtype_is_signed(Dtype dtype);
// float8_e4m3 or float8_e5m2: generated and checked on the GPU only.
bool dtype_is_float8(Dtype dtype);
// Largest integer N such that every integer in [-N, N] (or [0, N] for unsigned types) is
// exactly representable; verification keeps every value and partial result inside it.
double dtype_max_exact_integer(Dtype dtype);
std::optional<Dtype> parse_dtype(std::string_view name);
const std::vector<Dtype>& all_dtypes();
// "int8, uint8, ..." for error messages.
std::string dtype_names_joined();

}  // namespace commbench
