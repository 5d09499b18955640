#include "bench/run/run_environment.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string_view>

extern char** environ;

namespace commbench {
namespace {

constexpr std::array<std::string_view, 4> kPrefixes{"NCCL_", "OMPI_", "UCX_", "CUDA_"};
constexpr std::array<std::string_view, 6> kSlurmIds{"SLURM_JOB_ID",       "SLURM_JOBID",         "SLURM_STEP_ID",
                                                     "SLURM_STEPID",       "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID"};
// A kept name that contains one of these anywhere (any case) is taken for a secret. Open
// MPI's precondition_transports is a per-job key for its transports, not a setting.
constexpr std::array<std::string_view, 12> kSecretParts{
    "TOKEN",   "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "PRECONDITION_TRANSPORTS",
    "PRIVATE", "APIKEY", "JWT",      "AUTH",   "COOKIE"};
// These count only as a whole word between underscores: KEY is a secret in API_KEY or
// SESSION_KEY, but NCCL_IB_PKEY (an InfiniBand partition key) is a setting to keep.
constexpr std::array<std::string_view, 3> kSecretWords{"KEY", "PASS", "SIGNATURE"};
// What this cannot catch: a secret value in an allowlisted variable with an innocent name
// (NCCL_DEBUG_FILE=<token>). Only names are judged; values are recorded as they are.

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool looks_secret(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  const auto contains = [&](std::string_view part) { return upper.find(part) != std::string::npos; };
  if (std::any_of(kSecretParts.begin(), kSecretParts.end(), contains)) return true;
  const std::string words = "_" + upper + "_";
  return std::any_of(kSecretWords.begin(), kSecretWords.end(), [&](std::string_view word) {
    return words.find("_" + std::string(word) + "_") != std::string::npos;
  });
}

}  // namespace

std::map<std::string, std::string> filter_environment(const std::vector<std::string>& entries) {
  std::map<std::string, std::string> kept;
  for (const std::string& entry : entries) {
    const auto equals = entry.find('=');
    if (equals == std::string::npos) continue;
    const std::string name = entry.substr(0, equals);
    const bool prefixed = std::any_of(kPrefixes.begin(), kPrefixes.end(),
                                      [&](std::string_view prefix) { return starts_with(name, prefix); });
    const bool slurm_id = std::find(kSlurmIds.begin(), kSlurmIds.end(), name) != kSlurmIds.end();
    if ((prefixed || slurm_id) && !looks_secret(name)) kept[name] = entry.substr(equals + 1);
  }
  return kept;
}

std::map<std::string, std::string> captured_environment() {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) entries.emplace_back(*entry);
  return filter_environment(entries);
}

std::uint64_t peak_resident_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (starts_with(line, "VmHWM:")) return std::stoull(line.substr(6)) * 1024;  // reported in kB
  }
  return 0;
}

}  // namespace commbench
