// What differs between two runs: configuration, build, library, hosts, devices, an unfinished run.
#include "reports/judge/comparison_kinds.hpp"

#include <map>

#include "reports/format/text_join.hpp"

namespace commbench::compare_kinds {
namespace {

// Every leaf of a configuration under its JSON path, as text; report_path names the output
// file, which always differs.
void flatten_config(const nlohmann::json& json, const std::string& path, std::map<std::string, std::string>& leaves) {
  if (json.is_object()) {
    for (const auto& [name, value] : json.items()) {
      if (name == "report_path") continue;
      flatten_config(value, path.empty() ? name : path + "/" + name, leaves);
    }
    return;
  }
  leaves[path] = json.is_string() ? json.get<std::string>() : json.dump();
}

std::string hosts_text(const RunMeta& meta) {
  return joined(host_names(meta), ", ") + " (" + std::to_string(meta.world_size) + " ranks)";
}

std::vector<std::string> gpu_names(const RunMeta& meta) {
  std::vector<std::string> names;
  if (!meta.devices) return names;
  for (const GpuEntry& gpu : meta.devices->gpus) {
    if (names.empty() || names.back() != gpu.name) names.push_back(gpu.name);
  }
  return names;
}

}  // namespace

std::vector<std::string> host_names(const RunMeta& meta) {
  std::vector<std::string> names;
  for (const HostEntry& host : meta.hosts) names.push_back(host.name);
  return names;
}

std::optional<std::string> config_note(const nlohmann::json& baseline, const nlohmann::json& candidate) {
  std::map<std::string, std::string> a, b;
  flatten_config(baseline, "", a);
  flatten_config(candidate, "", b);
  const std::string absent = "(absent)";
  std::vector<std::string> differences;
  for (const auto& [path, value] : a) {
    const auto other = b.find(path);
    const std::string& candidate_value = other == b.end() ? absent : other->second;
    if (value != candidate_value) differences.push_back(path + " " + value + " vs " + candidate_value);
  }
  for (const auto& [path, value] : b) {
    if (a.count(path) == 0) differences.push_back(path + " " + absent + " vs " + value);
  }
  if (differences.empty()) return std::nullopt;
  return "the configurations differ (baseline vs candidate): " + joined(differences, "; ");
}

std::vector<std::string> meta_notes(const RunMeta& baseline, const RunMeta& candidate) {
  std::vector<std::string> notes;
  if (baseline.version != candidate.version || baseline.git_revision != candidate.git_revision) {
    notes.push_back("different builds: baseline " + baseline.version + " (" + baseline.git_revision +
                    "), candidate " + candidate.version + " (" + candidate.git_revision + ")");
  }
  if (baseline.backend != candidate.backend || baseline.library_version != candidate.library_version) {
    notes.push_back("different communication libraries: baseline " + baseline.backend + " (" +
                    baseline.library_version + "), candidate " + candidate.backend + " (" +
                    candidate.library_version + ")");
  }
  if (host_names(baseline) != host_names(candidate) || baseline.world_size != candidate.world_size) {
    notes.push_back("different hosts: baseline " + hosts_text(baseline) + ", candidate " + hosts_text(candidate));
  }
  if (gpu_names(baseline) != gpu_names(candidate)) {
    const auto gpus = [](const RunMeta& meta) {
      return meta.devices ? joined(gpu_names(meta), ", ") : std::string("host memory");
    };
    notes.push_back("different devices: baseline " + gpus(baseline) + ", candidate " + gpus(candidate));
  }
  return notes;
}

std::optional<std::string> outcome_note(const RunOutcome& outcome, const std::string& which) {
  if (outcome.status == RunStatus::complete) return std::nullopt;
  return "the " + which + " run did not finish (" + outcome.failure_kind +
         (outcome.failure.empty() ? "" : ": " + outcome.failure) +
         "); what it did not reach is listed as only in the " + (which == "baseline" ? "candidate" : "baseline");
}

}  // namespace commbench::compare_kinds
