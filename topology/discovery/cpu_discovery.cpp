#include "topology/discovery/cpu_discovery.hpp"

#include <cerrno>
#include <cstring>

#include "topology/discovery/hwloc_topology.hpp"

namespace commbench {
namespace {

int count_of(const HwlocTopology& topology, hwloc_obj_type_t type) {
  const int count = hwloc_get_nbobjs_by_type(topology.get(), type);
  return count < 0 ? 0 : count;  // -1: the type sits at several depths; not the case for these types
}

// Some virtual CPUs pad the brand string with spaces (CPUID gives 48 bytes).
std::string trimmed(std::string text) {
  const std::size_t begin = text.find_first_not_of(" \t");
  const std::size_t end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

std::optional<std::string> cpu_model(const HwlocTopology& topology) {
  // x86 and most ARM servers attach "CPUModel" to each package; some platforms only to the
  // machine. Packages of one host carry the same model in every machine we know of.
  for (hwloc_obj_t package = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_PACKAGE, nullptr); package != nullptr;
       package = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_PACKAGE, package)) {
    if (const char* model = hwloc_obj_get_info_by_name(package, "CPUModel")) return trimmed(model);
  }
  if (const char* model = hwloc_obj_get_info_by_name(hwloc_get_root_obj(topology.get()), "CPUModel")) return trimmed(model);
  return std::nullopt;
}

}  // namespace

CpuDescription describe_cpu() {
  const HwlocTopology topology;
  CpuDescription cpu;
  cpu.model = cpu_model(topology);
  if (!cpu.model) cpu.unknown["model"] = "hwloc reports no CPUModel for this machine's packages";
  cpu.packages = count_of(topology, HWLOC_OBJ_PACKAGE);
  cpu.cores = count_of(topology, HWLOC_OBJ_CORE);
  cpu.hardware_threads = count_of(topology, HWLOC_OBJ_PU);
  for (hwloc_obj_t node = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, nullptr); node != nullptr;
       node = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, node)) {
    NumaNodeDescription description;
    description.os_index = node->os_index;
    description.cpus = hwloc_bitmap_iszero(node->cpuset) ? "" : cpu_list_text(node->cpuset);
    if (node->attr != nullptr && node->attr->numanode.local_memory > 0) description.memory_bytes = node->attr->numanode.local_memory;
    cpu.numa_nodes.push_back(description);
  }
  return cpu;
}

CpuBinding describe_cpu_binding() {
  const HwlocTopology topology;
  CpuBinding binding;
  const HwlocBitmap set;
  // The process's binding (every thread's, on Linux), as mpirun/srun set it: the ranks'
  // other threads (the watchdog) inherit it, so the process is the unit that matters.
  if (hwloc_get_cpubind(topology.get(), set.get(), HWLOC_CPUBIND_PROCESS) != 0) {
    binding.state = Availability::absent(std::string("hwloc_get_cpubind: ") + std::strerror(errno));
    return binding;
  }
  binding.state = Availability::available();
  // Only the CPUs this process is allowed (cgroup) count as "the whole machine".
  const hwloc_const_cpuset_t machine = hwloc_topology_get_topology_cpuset(topology.get());
  binding.bound = !hwloc_bitmap_isincluded(machine, set.get());
  const HwlocBitmap usable;
  hwloc_bitmap_and(usable.get(), set.get(), machine);
  binding.cpus = cpu_list_text(usable.get());
  binding.hardware_threads = hwloc_bitmap_weight(usable.get());
  for (hwloc_obj_t core = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_CORE, nullptr); core != nullptr;
       core = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_CORE, core)) {
    if (hwloc_bitmap_intersects(core->cpuset, usable.get())) ++binding.cores;
  }
  for (hwloc_obj_t node = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, nullptr); node != nullptr;
       node = hwloc_get_next_obj_by_type(topology.get(), HWLOC_OBJ_NUMANODE, node)) {
    if (hwloc_bitmap_intersects(node->cpuset, usable.get())) binding.numa_nodes.push_back(node->os_index);
  }
  return binding;
}

}  // namespace commbench
