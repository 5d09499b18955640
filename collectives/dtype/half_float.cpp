#include "collectives/dtype/half_float.hpp"

#include <cmath>
#include <cstring>

namespace commbench {
namespace {

std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

// The binary16 conversions follow Marat Dukhan's FP16 library (MIT): they handle
// subnormals, infinities and NaN with float arithmetic instead of branches on the exponent.
float to_float(Float16 value) {
  const std::uint32_t w = static_cast<std::uint32_t>(value.bits) << 16;
  const std::uint32_t sign = w & 0x80000000u;
  const std::uint32_t two_w = w + w;
  const std::uint32_t exp_offset = 0xE0u << 23;
  const float normalized = float_of((two_w >> 4) + exp_offset) * 0x1.0p-112f;
  const float denormalized = float_of((two_w >> 17) | (126u << 23)) - 0.5f;
  const std::uint32_t denormalized_cutoff = 1u << 27;
  return float_of(sign | (two_w < denormalized_cutoff ? bits_of(denormalized) : bits_of(normalized)));
}

Float16 float16_from_float(float value) {
  float base = (std::fabs(value) * 0x1.0p+112f) * 0x1.0p-110f;
  const std::uint32_t w = bits_of(value);
  const std::uint32_t shl1_w = w + w;
  const std::uint32_t sign = w & 0x80000000u;
  std::uint32_t bias = shl1_w & 0xFF000000u;
  if (bias < 0x71000000u) bias = 0x71000000u;
  base = float_of((bias >> 1) + 0x07800000u) + base;
  const std::uint32_t bits = bits_of(base);
  const std::uint32_t exp_bits = (bits >> 13) & 0x00007C00u;
  const std::uint32_t mantissa_bits = bits & 0x00000FFFu;
  const std::uint32_t nonsign = exp_bits + mantissa_bits;
  return Float16{static_cast<std::uint16_t>((sign >> 16) | (shl1_w > 0xFF000000u ? 0x7E00u : nonsign))};
}

float to_float(BFloat16 value) { return float_of(static_cast<std::uint32_t>(value.bits) << 16); }

BFloat16 bfloat16_from_float(float value) {
  const std::uint32_t bits = bits_of(value);
  if (std::isnan(value)) return BFloat16{static_cast<std::uint16_t>((bits >> 16) | 0x0040u)};  // stay quiet NaN
  const std::uint32_t rounding_bias = 0x7FFFu + ((bits >> 16) & 1u);                     // nearest, ties to even
  return BFloat16{static_cast<std::uint16_t>((bits + rounding_bias) >> 16)};
}

}  // namespace commbench
