#pragma once
// What hwloc says about this host's processors and memory, and where this process may run.
// hwloc is the source because it already reconciles /proc/cpuinfo, sysfs and the cgroup's
// allowed CPUs; CPUs a container does not grant are left out, as the process cannot use them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "topology/discovery/availability.hpp"

namespace commbench {

struct NumaNodeDescription {
  unsigned os_index = 0;
  std::string cpus;                          // list string, e.g. "0-15,32-47"; "" for a CPU-less node (HBM, CXL)
  std::optional<std::uint64_t> memory_bytes;  // unknown when hwloc reports none
};

struct CpuDescription {
  std::optional<std::string> model;  // package's "CPUModel"; unknown on some platforms (unknown["model"])
  int packages = 0;                  // sockets
  int cores = 0;                     // physical cores
  int hardware_threads = 0;          // processing units (PUs)
  std::vector<NumaNodeDescription> numa_nodes;
  UnknownFields unknown;
};

struct CpuBinding {
  Availability state;         // absent when the binding cannot be read (reason says why)
  bool bound = false;         // false: the process may run on every CPU of the host ("unbound")
  std::string cpus;           // list string of the CPUs it may run on
  std::vector<unsigned> numa_nodes;  // os indexes of the NUMA nodes whose CPUs it may use
  int cores = 0;              // physical cores it may run on (wholly or in part)
  int hardware_threads = 0;   // PUs it may run on
};

// Loads the topology each call (a few milliseconds); errors loading it throw std::runtime_error.
CpuDescription describe_cpu();
CpuBinding describe_cpu_binding();

}  // namespace commbench
