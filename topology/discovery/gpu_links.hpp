#pragma once
// How the GPUs of one host reach each other (and, from nvidia-smi, the NICs): NVLink, a
// PCIe switch, a PCIe host bridge, host bridges within one NUMA node, or across sockets.
//
// Sources, best first:
//  1. `nvidia-smi topo -m`: NVML's own answer, NVLink counts included.
//  2. sysfs: each GPU's PCI path and NUMA node give the PCIe part; NVLink is invisible there.
// NCCL's topology dump (NCCL_TOPO_DUMP_FILE) is not used: it is written only while an NCCL
// communicator is created, which needs every rank and a working GPU, and discovery must run
// (and say "absent") on machines where that is exactly what is missing.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "topology/discovery/availability.hpp"

namespace commbench {

// Kinds, nearest first: "nvlink", "pcie-switch" (nvidia-smi PIX, PXB), "host-bridge" (PHB),
// "same-numa-node" (NODE), "cross-socket" (SYS; SOC in old drivers), "unknown".
std::string link_kind_of_code(const std::string& code);

struct DeviceLink {
  std::string from;  // "GPU0" (see GpuLinks::source for whose numbering), or "NIC0"
  std::string to;
  std::string code;  // nvidia-smi's cell ("NV18", "PIX", "PXB", "PHB", "NODE", "SYS"); sysfs gives the PCIe codes
  std::string kind;  // link_kind_of_code(code)
  std::optional<int> nvlink_count;  // with kind "nvlink"
  std::string reason;               // with kind "unknown": why
};

// nvidia-smi's per-GPU columns, kept as text: "N/A" is what it prints when it does not know.
struct GpuAffinity {
  std::string gpu;
  std::optional<std::string> cpu_affinity;   // "0-51"
  std::optional<std::string> numa_affinity;  // "0"
  std::optional<std::string> gpu_numa_id;    // "N/A" except on GPUs that are NUMA nodes (Grace Hopper)
};

struct GpuLinks {
  Availability state;   // absent: "no GPU", "fewer than 2 GPUs", or why no source worked
  std::string source;   // "nvidia-smi topo -m" (GPUn = nvidia-smi's index) or "sysfs" (GPUn = CUDA ordinal)
  std::string nvlink;   // "seen by nvidia-smi", "unknown from sysfs", or "" with an absent state
  std::vector<std::string> gpus;      // names in the matrix, in order
  std::vector<DeviceLink> gpu_links;  // each pair of GPUs once, from < to in matrix order
  std::vector<DeviceLink> gpu_nic_links;
  std::map<std::string, std::string> nic_names;  // "NIC0" -> "mlx5_0" (nvidia-smi's NIC legend)
  std::vector<GpuAffinity> gpu_affinity;
  // "GPU0" -> "0000:18:00.0" (CUDA's spelling), which ties the matrix's names to the GPUs
  // list; nvidia-smi numbers in PCI order and ignores CUDA_VISIBLE_DEVICES.
  std::map<std::string, std::string> gpu_pci_bus_ids;
  std::vector<std::string> notes;     // e.g. why nvidia-smi was not used
};

// Parses the text of `nvidia-smi topo -m`. A text without a recognisable matrix gives an
// absent state whose reason says what was missing.
GpuLinks parse_nvidia_smi_topology(const std::string& text);

// Parses `nvidia-smi --query-gpu=index,pci.bus_id --format=csv,noheader` ("0, 00000000:18:00.0"
// per line) into "GPU0" -> "0000:18:00.0", the bus id as CUDA writes it.
std::map<std::string, std::string> parse_nvidia_smi_bus_ids(const std::string& text);

// One GPU as sysfs sees it, for the sysfs classification.
struct GpuPciLocation {
  std::string name;        // "GPU0"
  std::string pci_bus_id;  // "0000:18:00.0"
  std::optional<int> numa_node;
};

// PCIe relation of each pair from realpath(<sysfs_root>/bus/pci/devices/<bus id>): the deepest
// common PCI bridge below a host bridge means a PCIe switch (PIX when each GPU sits right
// below one of its ports, PXB when more bridges lie between), no common bridge under the same
// host bridge is PHB, different host bridges are NODE or SYS by NUMA node.
GpuLinks classify_gpu_links_from_sysfs(const std::vector<GpuPciLocation>& gpus, const std::filesystem::path& sysfs_root);

// Discovery: nvidia-smi when on PATH and it succeeds, else sysfs. Fewer than 2 GPUs is absent.
GpuLinks discover_gpu_links(const std::vector<GpuPciLocation>& gpus, const std::filesystem::path& sysfs_root = "/sys");

}  // namespace commbench
