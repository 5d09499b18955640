// The topology section: per topology report, its hosts and what they hold.
#include "reports/render/document_sections.hpp"

#include <algorithm>
#include <map>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/render/document_parts.hpp"

namespace commbench::report_sections {
namespace {

using nlohmann::json;

std::string gpu_summary(const json& gpus) {
  const json& devices = member(gpus, "devices");
  if (!devices.is_array() || devices.empty()) {
    const std::string reason = string_member(gpus, "reason");
    return reason.empty() ? "none" : "none (" + reason + ")";
  }
  std::map<std::string, int> by_name;
  for (const json& device : devices) ++by_name[string_member(device, "name")];
  std::vector<std::string> parts;
  for (const auto& entry : by_name) parts.push_back(std::to_string(entry.second) + " x " + entry.first);
  return joined(parts, ", ");
}

std::string infiniband_summary(const json& infiniband) {
  const json& devices = member(infiniband, "devices");
  if (!devices.is_array() || devices.empty()) return "none";
  std::vector<std::string> parts;
  for (const json& device : devices) {
    std::vector<std::string> rates;
    const json& ports = member(device, "ports");
    if (ports.is_array()) {
      for (const json& port : ports) {
        const std::string rate = string_member(port, "rate");
        if (!rate.empty()) rates.push_back(rate);
      }
    }
    parts.push_back(string_member(device, "name") + (rates.empty() ? "" : " (" + joined(rates, ", ") + ")"));
  }
  return joined(parts, ", ");
}

std::string interfaces_summary(const json& interfaces) {
  const json& devices = member(interfaces, "devices");
  std::vector<std::string> parts;
  if (devices.is_array()) {
    for (const json& device : devices) {
      if (member(device, "virtual").is_boolean() && member(device, "virtual").get<bool>()) continue;
      std::string part = string_member(device, "name") + " " + string_member(device, "operstate");
      if (const auto speed = number_member(device, "speed_bytes_per_second")) {
        part += ", " + formatted_number("%g", *speed * 8 / 1e9) + " Gb/s";
      }
      parts.push_back(part);
    }
  }
  return parts.empty() ? "none" : joined(parts, "; ");
}

}  // namespace

DocumentSection topology_section(const ReportsOf<TopologyDocument>& reports) {
  DocumentSection section{"topology", "Topology", {}};
  for (const auto& [topology, named] : reports) {
    const json& document = topology->document;
    std::map<std::string, std::vector<int>> ranks_of_host;  // by host identity
    const json& ranks = member(document, "ranks");
    if (ranks.is_array()) {
      for (const json& rank : ranks) {
        if (const auto number = number_member(rank, "rank")) {
          ranks_of_host[string_member(rank, "host_identity")].push_back(static_cast<int>(*number));
        }
      }
    }
    DocumentTable table = make_table(named.name + ": hosts and what they hold", {{"host", false},
                                                                               {"ranks", false},
                                                                               {"CPU", false},
                                                                               {"cores / threads", false},
                                                                               {"NUMA nodes", true},
                                                                               {"GPUs", false},
                                                                               {"InfiniBand", false},
                                                                               {"network interfaces", false}});
    const json& hosts = member(document, "hosts");
    if (hosts.is_array()) {
      for (const json& host : hosts) {
        std::vector<int> host_ranks = ranks_of_host[string_member(host, "identity")];
        std::sort(host_ranks.begin(), host_ranks.end());
        const json& cpu = member(host, "cpu");
        const auto cores = number_member(cpu, "cores");
        const auto threads = number_member(cpu, "hardware_threads");
        const json& numa = member(cpu, "numa_nodes");
        table.rows.push_back(
            {plain(string_member(host, "name")), plain(host_ranks.empty() ? "-" : rank_ranges(host_ranks)),
             plain(string_member(cpu, "model").empty() ? "unknown" : string_member(cpu, "model")),
             plain((cores ? formatted_number("%.0f", *cores) : "?") + " / " +
                   (threads ? formatted_number("%.0f", *threads) : "?")),
             plain(numa.is_array() ? std::to_string(numa.size()) : "?"), plain(gpu_summary(member(host, "gpus"))),
             plain(infiniband_summary(member(member(host, "network"), "infiniband"))),
             plain(interfaces_summary(member(member(host, "network"), "interfaces")))});
      }
    }
    section.blocks.push_back(table);
  }
  return section;
}

}  // namespace commbench::report_sections
