#include "topology/fabric/gpu_generation.hpp"

#include "reports/format/name_table.hpp"

namespace commbench {

const std::array<GpuGeneration, 4>& all_gpu_generations() {
  static constexpr std::array<GpuGeneration, 4> all = {GpuGeneration::volta, GpuGeneration::ampere,
                                                       GpuGeneration::hopper, GpuGeneration::blackwell};
  return all;
}

const std::array<CpuVendor, 3>& all_cpu_vendors() {
  static constexpr std::array<CpuVendor, 3> all = {CpuVendor::intel, CpuVendor::amd, CpuVendor::arm};
  return all;
}

std::string_view generation_name(GpuGeneration generation) {
  static constexpr std::array<std::string_view, 4> names = {"volta", "ampere", "hopper", "blackwell"};
  return names[static_cast<std::size_t>(generation)];
}

std::string_view cpu_vendor_name(CpuVendor vendor) {
  static constexpr std::array<std::string_view, 3> names = {"intel", "amd", "arm"};
  return names[static_cast<std::size_t>(vendor)];
}

std::optional<GpuGeneration> parse_gpu_generation(std::string_view name) {
  return value_named(all_gpu_generations(), [](GpuGeneration generation) { return generation_name(generation); },
                     name);
}

std::optional<CpuVendor> parse_cpu_vendor(std::string_view name) {
  return value_named(all_cpu_vendors(), [](CpuVendor vendor) { return cpu_vendor_name(vendor); }, name);
}

}  // namespace commbench
