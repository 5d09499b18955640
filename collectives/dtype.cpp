#include "dtype.hpp"

#include <array>

namespace commbench {
namespace {

struct DtypeInfo {
  Dtype dtype;
  std::string_view name;
  std::size_t size;
  bool is_signed;
  double max_exact_integer;
};

constexpr std::array<DtypeInfo, 8> kDtypes{{
    {Dtype::int8, "int8", 1, true, 127.0},
    {Dtype::uint8, "uint8", 1, false, 255.0},
    {Dtype::int32, "int32", 4, true, 2147483647.0},
    {Dtype::int64, "int64", 8, true, 9007199254740992.0},  // limited by double, used for expected values
    {Dtype::float16, "float16", 2, true, 2048.0},          // 11-bit significand
    {Dtype::bfloat16, "bfloat16", 2, true, 256.0},         // 8-bit significand
    {Dtype::float32, "float32", 4, true, 16777216.0},      // 24-bit significand
    {Dtype::float64, "float64", 8, true, 9007199254740992.0},
}};

const DtypeInfo& info(Dtype dtype) { return kDtypes[static_cast<std::size_t>(dtype)]; }

}  // namespace

std::string_view dtype_name(Dtype dtype) { return info(dtype).name; }
std::size_t dtype_size(Dtype dtype) { return info(dtype).size; }
bool dtype_is_signed(Dtype dtype) { return info(dtype).is_signed; }
double dtype_max_exact_integer(Dtype dtype) { return info(dtype).max_exact_integer; }

std::optional<Dtype> parse_dtype(std::string_view name) {
  for (const auto& entry : kDtypes) {
    if (entry.name == name) return entry.dtype;
  }
  return std::nullopt;
}

const std::vector<Dtype>& all_dtypes() {
  static const std::vector<Dtype> dtypes = [] {
    std::vector<Dtype> list;
    for (const auto& entry : kDtypes) list.push_back(entry.dtype);
    return list;
  }();
  return dtypes;
}

std::string dtype_names_joined() {
  std::string joined;
  for (const auto& entry : kDtypes) {
    if (!joined.empty()) joined += ", ";
    joined += entry.name;
  }
  return joined;
}

}  // namespace commbench
