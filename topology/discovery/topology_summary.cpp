#include "topology/discovery/topology_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace commbench {
namespace {

std::string absent_text(const Availability& state) { return "absent (" + state.reason + ")"; }

// Memory in GB (1e9 bytes), as everywhere in commbench.
std::string gigabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  return text;
}

// Network rates in Gb/s (bits), the unit NIC and switch vendors print.
std::string gigabits_per_second(double bytes_per_second) {
  char text[32];
  std::snprintf(text, sizeof text, "%g Gb/s", bytes_per_second * 8.0 / 1e9);
  return text;
}

template <typename T>
std::string known_or(const std::optional<T>& value, const UnknownFields& unknown, const std::string& field) {
  if (value) {
    std::ostringstream text;
    text << *value;
    return text.str();
  }
  const auto reason = unknown.find(field);
  return "unknown (" + (reason != unknown.end() ? reason->second : std::string("not reported")) + ")";
}

std::string plural(int count, const char* word) { return std::to_string(count) + " " + word + (count == 1 ? "" : "s"); }

std::string padded(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

void write_link_matrix(std::ostringstream& out, const GpuLinks& links) {
  std::size_t width = 6;
  for (const std::string& gpu : links.gpus) width = std::max(width, gpu.size() + 2);
  for (const DeviceLink& link : links.gpu_links) width = std::max(width, link.code.size() + 2);
  out << "    " << padded("", width);
  for (const std::string& gpu : links.gpus) out << padded(gpu, width);
  out << "\n";
  for (const std::string& row : links.gpus) {
    out << "    " << padded(row, width);
    for (const std::string& column : links.gpus) {
      std::string cell = "X";
      if (row != column) {
        const auto link = std::find_if(links.gpu_links.begin(), links.gpu_links.end(), [&](const DeviceLink& l) {
          return (l.from == row && l.to == column) || (l.from == column && l.to == row);
        });
        cell = link == links.gpu_links.end() || link->code.empty() ? "?" : link->code;
      }
      out << padded(cell, width);
    }
    out << "\n";
  }
}

void write_host(std::ostringstream& out, const HostDescription& host, const std::vector<RankDescription>& ranks) {
  out << "host " << host.name << " (" << host.identity << ")\n";
  out << "  ranks:";
  std::vector<const RankDescription*> mine;
  for (const RankDescription& rank : ranks)
    if (rank.host_identity == host.identity) mine.push_back(&rank);
  if (mine.empty()) out << " none";
  for (std::size_t i = 0; i < mine.size(); ++i)
    out << (i == 0 ? " " : ", ") << mine[i]->rank << " (local " << mine[i]->local_rank << ")";
  out << "\n";

  const CpuDescription& cpu = host.cpu;
  out << "  CPU: " << known_or(cpu.model, cpu.unknown, "model") << "; " << plural(cpu.packages, "socket") << ", "
      << plural(cpu.cores, "core") << ", " << plural(cpu.hardware_threads, "hardware thread") << "\n";
  out << "  NUMA nodes: " << cpu.numa_nodes.size() << "\n";
  for (const NumaNodeDescription& node : cpu.numa_nodes) {
    out << "    node " << node.os_index << ": CPUs " << (node.cpus.empty() ? "none" : node.cpus) << ", memory "
        << (node.memory_bytes ? gigabytes(static_cast<double>(*node.memory_bytes)) : std::string("unknown")) << "\n";
  }

  if (!host.gpus.state.present) {
    out << "  GPUs: " << absent_text(host.gpus.state) << "\n";
  } else {
    out << "  GPUs: " << host.gpus.devices.size() << "\n";
    for (const GpuDevice& gpu : host.gpus.devices) {
      out << "    GPU" << gpu.index << ": " << gpu.name << ", " << gpu.pci_bus_id << ", " << gigabytes(static_cast<double>(gpu.memory_bytes))
          << ", NUMA node " << known_or(gpu.numa_node, gpu.unknown, "numa_node") << ", " << gpu.uuid << "\n";
    }
  }

  const GpuLinks& links = host.gpu_links;
  if (!links.state.present) {
    out << "  GPU links: " << absent_text(links.state) << "\n";
  } else {
    out << "  GPU links (source: " << links.source << (links.nvlink == "unknown from sysfs" ? "; nvlink: unknown from sysfs" : "") << "):\n";
    write_link_matrix(out, links);
    for (const DeviceLink& link : links.gpu_links)
      if (!link.reason.empty()) out << "    " << link.from << "-" << link.to << ": " << link.kind << " (" << link.reason << ")\n";
    for (const std::string& note : links.notes) out << "    note: " << note << "\n";
  }

  const InfinibandDevices& infiniband = host.network.infiniband;
  if (!infiniband.state.present) {
    out << "  InfiniBand: " << absent_text(infiniband.state) << "\n";
  } else {
    out << "  InfiniBand: " << infiniband.devices.size() << " device" << (infiniband.devices.size() == 1 ? "" : "s") << "\n";
    for (const InfinibandDevice& device : infiniband.devices) {
      out << "    " << device.name << " (NUMA node " << known_or(device.numa_node, device.unknown, "numa_node") << ")\n";
      for (const InfinibandPort& port : device.ports) {
        out << "      port " << port.port << ": " << known_or(port.rate, port.unknown, "rate") << ", "
            << known_or(port.state, port.unknown, "state") << ", " << known_or(port.link_layer, port.unknown, "link_layer") << "\n";
      }
    }
  }

  const NetworkInterfaces& interfaces = host.network.interfaces;
  if (!interfaces.state.present) {
    out << "  network interfaces: " << absent_text(interfaces.state) << "\n";
  } else {
    out << "  network interfaces: " << interfaces.devices.size() << "\n";
    for (const NetworkInterface& device : interfaces.devices) {
      out << "    " << device.name << (device.is_virtual ? " (virtual)" : "") << ": speed "
          << (device.speed_bytes_per_second ? gigabits_per_second(*device.speed_bytes_per_second)
                                            : known_or(device.speed_bytes_per_second, device.unknown, "speed"))
          << ", MTU " << known_or(device.mtu, device.unknown, "mtu") << ", "
          << known_or(device.operstate, device.unknown, "operstate") << "\n";
    }
  }

  out << "  rank bindings:\n";
  for (const RankDescription* rank : mine) {
    const CpuBinding& binding = rank->cpu_binding;
    out << "    rank " << rank->rank << " (local " << rank->local_rank << "): ";
    if (!binding.state.present) {
      out << absent_text(binding.state) << "\n";
      continue;
    }
    out << (binding.bound ? "bound to CPUs " + binding.cpus : "unbound (CPUs " + binding.cpus + ")") << ", NUMA node"
        << (binding.numa_nodes.size() == 1 ? " " : "s ");
    for (std::size_t i = 0; i < binding.numa_nodes.size(); ++i) out << (i == 0 ? "" : ",") << binding.numa_nodes[i];
    out << ", " << plural(binding.cores, "core") << ", " << plural(binding.hardware_threads, "hardware thread");
    if (rank->cuda_visible_devices) out << ", CUDA_VISIBLE_DEVICES=" << *rank->cuda_visible_devices;
    out << "\n";
  }
}

}  // namespace

std::string topology_summary_text(const TopologyDescription& topology) {
  std::ostringstream out;
  out << "topology: " << plural(static_cast<int>(topology.hosts.size()), "host") << ", "
      << plural(static_cast<int>(topology.ranks.size()), "rank") << "\n";
  for (const HostDescription& host : topology.hosts) write_host(out, host, topology.ranks);
  return out.str();
}

}  // namespace commbench
