#include "topology/discovery/gpu_links.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <system_error>

#include "topology/discovery/gpu_discovery.hpp"

namespace commbench {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> result;
  std::istringstream stream(line);
  for (std::string word; stream >> word;) result.push_back(word);
  return result;
}

// nvidia-smi colours its matrix on some terminals; escape sequences are not part of the data.
std::string without_escape_sequences(const std::string& text) {
  static const std::regex escape("\x1b\\[[0-9;]*[A-Za-z]");
  return std::regex_replace(text, escape, "");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

bool is_gpu_name(const std::string& name) {
  return name.size() > 3 && name.compare(0, 3, "GPU") == 0 &&
         std::all_of(name.begin() + 3, name.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The columns after the device columns: "CPU Affinity", "NUMA Affinity", "GPU NUMA ID".
// Some renderings shorten "NUMA Affinity" to "NUMA".
std::vector<std::string> affinity_columns(const std::vector<std::string>& tokens, std::size_t first) {
  std::vector<std::string> columns;
  for (std::size_t i = first; i < tokens.size();) {
    auto next_is = [&](std::size_t offset, const char* word) { return i + offset < tokens.size() && tokens[i + offset] == word; };
    if (tokens[i] == "CPU" && next_is(1, "Affinity")) {
      columns.push_back("CPU Affinity");
      i += 2;
    } else if (tokens[i] == "NUMA" && next_is(1, "Affinity")) {
      columns.push_back("NUMA Affinity");
      i += 2;
    } else if (tokens[i] == "GPU" && next_is(1, "NUMA") && next_is(2, "ID")) {
      columns.push_back("GPU NUMA ID");
      i += 3;
    } else if (tokens[i] == "NUMA") {
      columns.push_back("NUMA Affinity");
      i += 1;
    } else {
      columns.push_back(tokens[i]);
      i += 1;
    }
  }
  return columns;
}

bool is_affinity_start(const std::vector<std::string>& tokens, std::size_t i) {
  return tokens[i] == "CPU" || tokens[i] == "NUMA" || (tokens[i] == "GPU" && i + 1 < tokens.size() && tokens[i + 1] == "NUMA");
}

DeviceLink link_from_code(const std::string& from, const std::string& to, const std::string& code) {
  DeviceLink link;
  link.from = from;
  link.to = to;
  link.code = code;
  link.kind = link_kind_of_code(code);
  if (link.kind == "nvlink") link.nvlink_count = std::atoi(code.c_str() + 2);
  if (link.kind == "unknown") link.reason = "nvidia-smi code \"" + code + "\" is not one this build knows";
  return link;
}


// --- sysfs -------------------------------------------------------------------------------

struct PciPath {
  std::string host_bridge;          // "pci0000:00"
  std::vector<std::string> chain;   // PCI devices from the host bridge down to the GPU, inclusive
  std::string problem;
};

PciPath pci_path_of(const std::string& pci_bus_id, const fs::path& sysfs_root) {
  PciPath result;
  const fs::path link = sysfs_root / "bus" / "pci" / "devices" / sysfs_pci_name(pci_bus_id);
  std::error_code error;
  const fs::path real = fs::canonical(link, error);
  if (error) {
    result.problem = "realpath " + link.string() + ": " + error.message();
    return result;
  }
  static const std::regex host_bridge("pci[0-9a-fA-F]{4,}:[0-9a-fA-F]{2}");
  bool below = false;
  for (const fs::path& part : real) {
    const std::string name = part.string();
    if (!below) {
      if (std::regex_match(name, host_bridge)) {
        result.host_bridge = name;
        below = true;
      }
    } else {
      result.chain.push_back(name);
    }
  }
  if (!below || result.chain.empty()) result.problem = real.string() + " is not below a PCI host bridge (pciDDDD:BB)";
  return result;
}

DeviceLink classify_pair(const GpuPciLocation& a, const PciPath& path_a, const GpuPciLocation& b, const PciPath& path_b) {
  DeviceLink link;
  link.from = a.name;
  link.to = b.name;
  auto set_code = [&](const std::string& code) {
    link.code = code;
    link.kind = link_kind_of_code(code);
  };
  if (!path_a.problem.empty() || !path_b.problem.empty()) {
    link.kind = "unknown";
    link.reason = !path_a.problem.empty() ? path_a.problem : path_b.problem;
    return link;
  }
  if (path_a.host_bridge != path_b.host_bridge) {
    if (a.numa_node && b.numa_node) {
      set_code(*a.numa_node == *b.numa_node ? "NODE" : "SYS");
    } else {
      link.kind = "unknown";
      link.reason = "different PCI host bridges (" + path_a.host_bridge + ", " + path_b.host_bridge + ") and NUMA node unknown";
    }
    return link;
  }
  // Common bridges below the host bridge (the devices themselves never match).
  std::size_t common = 0;
  while (common + 1 < path_a.chain.size() && common + 1 < path_b.chain.size() && path_a.chain[common] == path_b.chain[common])
    ++common;
  if (common == 0) {
    set_code("PHB");
    return link;
  }
  // Below the deepest common bridge (a switch's upstream port), each GPU is PIX-near when
  // only a downstream port lies between: [port, gpu].
  const std::size_t below_a = path_a.chain.size() - common;
  const std::size_t below_b = path_b.chain.size() - common;
  set_code(std::max(below_a, below_b) <= 2 ? "PIX" : "PXB");
  return link;
}

// --- nvidia-smi ----------------------------------------------------------------------------

std::optional<std::string> find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::istringstream directories(path);
  for (std::string directory; std::getline(directories, directory, ':');) {
    if (directory.empty()) continue;
    const std::string candidate = directory + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

struct CommandOutput {
  std::string text;
  int status = -1;  // exit status, or -1 when it did not exit normally
};

// popen forks. Under MPI a fork is safe while no memory is registered with the network
// (Open MPI warns otherwise), so discovery belongs before any buffer is allocated; it only
// forks when nvidia-smi is on PATH and the process sees two GPUs or more.
CommandOutput run_command(const std::string& command) {
  CommandOutput output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  for (std::size_t got; (got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.text.append(buffer, got);
  const int status = ::pclose(pipe);
  output.status = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  return output;
}

std::string first_line(const std::string& text) {
  const std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "(no output)" : line;
}

}  // namespace

std::string link_kind_of_code(const std::string& code) {
  if (code.size() > 2 && code.compare(0, 2, "NV") == 0 &&
      std::all_of(code.begin() + 2, code.end(), [](unsigned char c) { return std::isdigit(c); }))
    return "nvlink";
  if (code == "PIX" || code == "PXB") return "pcie-switch";
  if (code == "PHB") return "host-bridge";
  if (code == "NODE") return "same-numa-node";
  if (code == "SYS" || code == "SOC") return "cross-socket";
  return "unknown";
}

GpuLinks parse_nvidia_smi_topology(const std::string& raw_text) {
  GpuLinks links;
  links.source = "nvidia-smi topo -m";
  links.nvlink = "seen by nvidia-smi";
  const std::vector<std::string> lines = lines_of(without_escape_sequences(raw_text));

  // The header is the first line that starts with GPU0 and is not GPU0's own row (" X ").
  std::size_t header = lines.size();
  std::vector<std::string> header_tokens;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::vector<std::string> tokens = words(lines[i]);
    if (!tokens.empty() && tokens[0] == "GPU0" && (tokens.size() == 1 || tokens[1] != "X")) {
      header = i;
      header_tokens = tokens;
      break;
    }
  }
  if (header == lines.size()) {
    links.state = Availability::absent("nvidia-smi topo -m: no matrix header starting with GPU0");
    return links;
  }
  std::vector<std::string> columns;
  std::size_t first_affinity = header_tokens.size();
  for (std::size_t i = 0; i < header_tokens.size(); ++i) {
    if (is_affinity_start(header_tokens, i)) {
      first_affinity = i;
      break;
    }
    columns.push_back(header_tokens[i]);
  }
  const std::vector<std::string> affinity_names = affinity_columns(header_tokens, first_affinity);

  std::map<std::string, std::vector<std::string>> rows;
  std::size_t line_index = header + 1;
  for (; line_index < lines.size(); ++line_index) {
    const std::vector<std::string> tokens = words(lines[line_index]);
    if (tokens.empty()) continue;
    if (tokens[0] == "Legend:") break;
    if (std::find(columns.begin(), columns.end(), tokens[0]) == columns.end()) continue;
    if (tokens.size() < columns.size() + 1) {
      links.state = Availability::absent("nvidia-smi topo -m: row " + tokens[0] + " has " + std::to_string(tokens.size() - 1) +
                                         " entries for " + std::to_string(columns.size()) + " columns");
      return links;
    }
    rows[tokens[0]] = tokens;
  }
  for (; line_index < lines.size(); ++line_index) {
    // NIC Legend lines: "  NIC0: mlx5_0"
    const std::vector<std::string> tokens = words(lines[line_index]);
    if (tokens.size() == 2 && tokens[0].size() > 4 && tokens[0].compare(0, 3, "NIC") == 0 && tokens[0].back() == ':')
      links.nic_names[tokens[0].substr(0, tokens[0].size() - 1)] = tokens[1];
  }

  std::vector<std::string> nics;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto row = rows.find(columns[c]);
    if (row == rows.end()) {
      links.state = Availability::absent("nvidia-smi topo -m: no row for column " + columns[c]);
      return links;
    }
    if (row->second[c + 1] != "X") {
      links.state = Availability::absent("nvidia-smi topo -m: row " + columns[c] + " does not have X in its own column");
      return links;
    }
    (is_gpu_name(columns[c]) ? links.gpus : nics).push_back(columns[c]);
  }
  auto cell = [&](const std::string& row, const std::string& column) {
    const std::size_t c = static_cast<std::size_t>(std::find(columns.begin(), columns.end(), column) - columns.begin());
    return rows.at(row)[c + 1];
  };
  for (std::size_t i = 0; i < links.gpus.size(); ++i) {
    for (std::size_t j = i + 1; j < links.gpus.size(); ++j)
      links.gpu_links.push_back(link_from_code(links.gpus[i], links.gpus[j], cell(links.gpus[i], links.gpus[j])));
    for (const std::string& nic : nics) links.gpu_nic_links.push_back(link_from_code(links.gpus[i], nic, cell(links.gpus[i], nic)));

    GpuAffinity affinity;
    affinity.gpu = links.gpus[i];
    const std::vector<std::string>& row = rows.at(links.gpus[i]);
    for (std::size_t a = 0; a < affinity_names.size() && columns.size() + 1 + a < row.size(); ++a) {
      const std::string& value = row[columns.size() + 1 + a];
      if (affinity_names[a] == "CPU Affinity") affinity.cpu_affinity = value;
      if (affinity_names[a] == "NUMA Affinity") affinity.numa_affinity = value;
      if (affinity_names[a] == "GPU NUMA ID") affinity.gpu_numa_id = value;
    }
    links.gpu_affinity.push_back(affinity);
  }
  if (links.gpus.empty()) {
    links.state = Availability::absent("nvidia-smi topo -m: the matrix has no GPU");
    return links;
  }
  links.state = Availability::available();
  return links;
}

std::map<std::string, std::string> parse_nvidia_smi_bus_ids(const std::string& text) {
  std::map<std::string, std::string> bus_ids;
  for (const std::string& line : lines_of(text)) {
    const std::size_t comma = line.find(',');
    if (comma == std::string::npos) continue;
    const std::vector<std::string> index = words(line.substr(0, comma));
    const std::vector<std::string> bus = words(line.substr(comma + 1));
    if (index.size() != 1 || bus.size() != 1) continue;
    std::string id = bus[0];
    // nvidia-smi writes an 8-digit PCI domain ("00000000:18:00.0"); CUDA writes 4 digits.
    const std::size_t colon = id.find(':');
    if (colon != std::string::npos && colon > 4) id = id.substr(colon - 4);
    for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bus_ids["GPU" + index[0]] = id;
  }
  return bus_ids;
}

GpuLinks classify_gpu_links_from_sysfs(const std::vector<GpuPciLocation>& gpus, const fs::path& sysfs_root) {
  GpuLinks links;
  links.source = "sysfs";
  links.nvlink = "unknown from sysfs";
  std::vector<PciPath> paths;
  for (const GpuPciLocation& gpu : gpus) {
    links.gpus.push_back(gpu.name);
    links.gpu_pci_bus_ids[gpu.name] = gpu.pci_bus_id;
    paths.push_back(pci_path_of(gpu.pci_bus_id, sysfs_root));
  }
  for (std::size_t i = 0; i < gpus.size(); ++i)
    for (std::size_t j = i + 1; j < gpus.size(); ++j) links.gpu_links.push_back(classify_pair(gpus[i], paths[i], gpus[j], paths[j]));
  links.state = Availability::available();
  return links;
}

GpuLinks discover_gpu_links(const std::vector<GpuPciLocation>& gpus, const fs::path& sysfs_root) {
  GpuLinks links;
  if (gpus.size() < 2) {
    links.state = Availability::absent(gpus.empty() ? "no GPU" : "fewer than 2 GPUs");
    return links;
  }
  std::vector<std::string> notes;
  if (const std::optional<std::string> nvidia_smi = find_on_path("nvidia-smi")) {
    const CommandOutput matrix = run_command("'" + *nvidia_smi + "' topo -m 2>&1");
    if (matrix.status == 0) {
      GpuLinks parsed = parse_nvidia_smi_topology(matrix.text);
      if (parsed.state.present) {
        const CommandOutput bus_ids = run_command("'" + *nvidia_smi + "' --query-gpu=index,pci.bus_id --format=csv,noheader 2>/dev/null");
        if (bus_ids.status == 0) parsed.gpu_pci_bus_ids = parse_nvidia_smi_bus_ids(bus_ids.text);
        return parsed;
      }
      notes.push_back("nvidia-smi topo -m not used: " + parsed.state.reason);
    } else {
      notes.push_back("nvidia-smi topo -m not used: exit status " + std::to_string(matrix.status) + ": " + first_line(matrix.text));
    }
  } else {
    notes.push_back("nvidia-smi topo -m not used: nvidia-smi is not on PATH");
  }
  links = classify_gpu_links_from_sysfs(gpus, sysfs_root);
  links.notes = notes;
  return links;
}

}  // namespace commbench
