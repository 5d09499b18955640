#include "reports/model/row_conventions.hpp"

#include <array>
#include <string_view>
#include <utility>

namespace commbench {
namespace {

// The ring collectives' share (n-1)/n, computed as collectives/backend/collective_specs.cpp computes
// it, so that a report's factor reads back bit for bit.
double ring_factor(int ranks) { return static_cast<double>(ranks - 1) / ranks; }

enum class FactorForm { twice_ring, ring, one };

constexpr std::array<std::pair<std::string_view, FactorForm>, 7> kBusFactors{{
    {"allreduce", FactorForm::twice_ring},
    {"allgather", FactorForm::ring},
    {"reducescatter", FactorForm::ring},
    {"broadcast", FactorForm::one},
    {"reduce", FactorForm::one},
    {"alltoall", FactorForm::ring},
    {"sendrecv", FactorForm::one},
}};

constexpr std::array<std::pair<std::string_view, std::size_t>, 12> kElementSizes{{
    {"int8", 1},
    {"uint8", 1},
    {"int32", 4},
    {"uint32", 4},
    {"int64", 8},
    {"uint64", 8},
    {"float16", 2},
    {"bfloat16", 2},
    {"float8_e4m3", 1},
    {"float8_e5m2", 1},
    {"float32", 4},
    {"float64", 8},
}};

}  // namespace

std::optional<double> bus_bandwidth_factor_of(const std::string& collective, int ranks) {
  if (ranks < 1) return std::nullopt;
  for (const auto& [name, form] : kBusFactors) {
    if (name != collective) continue;
    switch (form) {
      case FactorForm::twice_ring:
        return 2.0 * ring_factor(ranks);
      case FactorForm::ring:
        return ring_factor(ranks);
      case FactorForm::one:
        return 1.0;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> element_size_of(const std::string& dtype) {
  for (const auto& [name, size] : kElementSizes) {
    if (name == dtype) return size;
  }
  return std::nullopt;
}

}  // namespace commbench
