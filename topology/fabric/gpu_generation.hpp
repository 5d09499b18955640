#pragma once
// The GPU generations and host CPU vendors a GPU fabric names (docs/FABRIC.md), in the order of
// NCCL's per-architecture tables (NCCL_NUM_COMPCAPS: Volta, Ampere, Hopper, Blackwell), since the
// NCCL model (nccl_cost_model.hpp) looks its figures up by them.
#include <array>
#include <optional>
#include <string_view>

namespace commbench {

enum class GpuGeneration { volta, ampere, hopper, blackwell };
enum class CpuVendor { intel, amd, arm };

// "volta", "ampere", "hopper", "blackwell"; "intel", "amd", "arm".
std::string_view generation_name(GpuGeneration generation);
std::string_view cpu_vendor_name(CpuVendor vendor);
std::optional<GpuGeneration> parse_gpu_generation(std::string_view name);
std::optional<CpuVendor> parse_cpu_vendor(std::string_view name);
const std::array<GpuGeneration, 4>& all_gpu_generations();
const std::array<CpuVendor, 3>& all_cpu_vendors();

}  // namespace commbench
