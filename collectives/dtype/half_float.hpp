#pragma once
// Host-side float16 (IEEE binary16) and bfloat16 storage types with exact conversions to
// and from float, rounding to nearest even. MPI has no such types, so the MPI backend
// reduces them through these conversions (see mpi_half_ops.cpp).
#include <cstdint>

namespace commbench {

struct Float16 {
  std::uint16_t bits;
};
struct BFloat16 {
  std::uint16_t bits;
};

float to_float(Float16 value);
float to_float(BFloat16 value);
Float16 float16_from_float(float value);
BFloat16 bfloat16_from_float(float value);

}  // namespace commbench
