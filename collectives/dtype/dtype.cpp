#include "collectives/dtype/dtype.hpp"

#include <array>

#include "reports/format/name_table.hpp"

namespace commbench {
namespace {

struct DtypeInfo {
  Dtype value;
  std::string_view name;
  std::size_t size;
  bool is_signed;
  double max_exact_integer;
};

constexpr std::array<DtypeInfo, 12> kDtypes{{
    {Dtype::int8, "int8", 1, true, 127.0},
    {Dtype::uint8, "uint8", 1, false, 255.0},
    {Dtype::int32, "int32", 4, true, 2147483647.0},
    {Dtype::uint32, "uint32", 4, false, 4294967295.0},
    {Dtype::int64, "int64", 8, true, 9007199254740992.0},   // limited by double, used for expected values
    {Dtype::uint64, "uint64", 8, false, 9007199254740992.0},  // limited by double, likewise
    {Dtype::float16, "float16", 2, true, 2048.0},           // 11-bit significand
    {Dtype::bfloat16, "bfloat16", 2, true, 256.0},          // 8-bit significand
    {Dtype::float8_e4m3, "float8_e4m3", 1, true, 16.0},     // 4-bit significand (3 mantissa bits)
    {Dtype::float8_e5m2, "float8_e5m2", 1, true, 8.0},      // 3-bit significand (2 mantissa bits)
    {Dtype::float32, "float32", 4, true, 16777216.0},       // 24-bit significand
    {Dtype::float64, "float64", 8, true, 9007199254740992.0},
}};

// info() indexes by the enum's value.
constexpr bool listed_in_enum_order() {
  for (std::size_t i = 0; i < kDtypes.size(); ++i) {
    if (static_cast<std::size_t>(kDtypes[i].value) != i) return false;
  }
  return true;
}
static_assert(listed_in_enum_order(), "kDtypes must list the Dtype values in enum order");

const DtypeInfo& info(Dtype dtype) { return kDtypes[static_cast<std::size_t>(dtype)]; }

}  // namespace

std::string_view dtype_name(Dtype dtype) { return info(dtype).name; }
std::size_t dtype_size(Dtype dtype) { return info(dtype).size; }
bool dtype_is_signed(Dtype dtype) { return info(dtype).is_signed; }
bool dtype_is_float8(Dtype dtype) { return dtype == Dtype::float8_e4m3 || dtype == Dtype::float8_e5m2; }
double dtype_max_exact_integer(Dtype dtype) { return info(dtype).max_exact_integer; }

std::optional<Dtype> parse_dtype(std::string_view name) { return value_named(kDtypes, name); }

const std::vector<Dtype>& all_dtypes() {
  static const std::vector<Dtype> dtypes = table_values(kDtypes);
  return dtypes;
}

std::string dtype_names_joined() { return table_names_joined(kDtypes); }

}  // namespace commbench
