#include "collectives/backend/memory_demand.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "collectives/backend/memory_space.hpp"

namespace commbench {
namespace {

// VmHWM from /proc/self/status: this process's peak resident memory; 0 where unknown.
std::uint64_t peak_resident() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmHWM:") {
      std::uint64_t kibibytes = 0;
      status >> kibibytes;
      return kibibytes * 1024;
    }
    status.ignore(1 << 20, '\n');
  }
  return 0;
}

// "; this process peaked at 1.7 GB resident, the host has 3.1 GB available": the figures that tell
// a limit of the host from one of the job (ulimit -v, a cgroup).
std::string memory_state() {
  std::string text;
  if (const std::uint64_t peak = peak_resident(); peak > 0) {
    text += "this process peaked at " + approximate_bytes_text(static_cast<double>(peak)) + " resident";
  }
  if (const std::uint64_t available = host_available_bytes(); available > 0) {
    text += (text.empty() ? "" : ", ") + std::string("the host has ") +
            approximate_bytes_text(static_cast<double>(available)) + " available";
  }
  return text.empty() ? "" : "; " + text;
}

// Process-wide by nature, like the new handler that frees it: main's thread sets it once, and
// the first failed allocation on any thread (main's or the watchdog's) takes it, once.
std::atomic<void*> g_failure_reserve{nullptr};

void give_back_the_reserve_and_throw() {
  std::free(g_failure_reserve.exchange(nullptr));
  std::set_new_handler(nullptr);
  throw std::bad_alloc();
}

}  // namespace

void reserve_memory_for_failures(std::size_t bytes) {
  if (g_failure_reserve.load() != nullptr) return;
  // Address space, not resident memory: malloc maps a block this large, untouched, and free
  // returns it to the system at once.
  g_failure_reserve.store(std::malloc(bytes));
  if (g_failure_reserve.load() != nullptr) std::set_new_handler(give_back_the_reserve_and_throw);
}

std::string approximate_bytes_text(double bytes) {
  static const char* const kUnits[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  std::size_t unit = 0;
  while (unit + 1 < std::size(kUnits) && std::fabs(bytes) >= 1000) {
    bytes /= 1000;
    ++unit;
  }
  char text[64];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.2g %s", bytes, kUnits[unit]);
  // %.2g writes 1.7e+02 for 170: spell whole hundreds out.
  if (bytes >= 100 && unit > 0) std::snprintf(text, sizeof text, "%.0f %s", bytes, kUnits[unit]);
  return text;
}

std::string memory_demand_text(const MemoryDemand& demand, bool beyond_limit, const std::string& state) {
  std::string text = beyond_limit ? "asked for more memory than a process can address while " + demand.what
                                  : "ran out of memory while " + demand.what;
  if (demand.bytes) text += " (about " + approximate_bytes_text(*demand.bytes) + ")";
  text += state;
  if (!demand.remedy.empty()) text += ": " + demand.remedy;
  return text;
}

OutOfMemoryError::OutOfMemoryError(const MemoryDemand& demand, bool beyond_limit)
    : std::runtime_error(memory_demand_text(demand, beyond_limit)), demand_(demand), beyond_limit_(beyond_limit) {}

std::string failure_words(const std::exception& error) {
  if (const auto* memory = dynamic_cast<const OutOfMemoryError*>(&error)) {
    return memory_demand_text(memory->demand(), memory->beyond_limit(), memory_state());
  }
  if (dynamic_cast<const std::bad_alloc*>(&error) != nullptr) {
    return "ran out of memory at a step that names no size (" + std::string(error.what()) + ")" + memory_state() +
           ": ask for fewer or smaller cases, or run fewer ranks per host";
  }
  if (dynamic_cast<const std::length_error*>(&error) != nullptr) {
    return "asked for more memory than a process can address at a step that names no size (" +
           std::string(error.what()) + "): ask for fewer or smaller cases";
  }
  return std::string("cannot go on: ") + error.what();
}

void write_failure_line(int rank, const std::exception& error) noexcept {
  try {
    const std::string line = "commbench: error: rank " + std::to_string(rank) + " " + failure_words(error) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
  } catch (...) {
    char line[512];
    const bool memory = dynamic_cast<const std::bad_alloc*>(&error) != nullptr ||
                        dynamic_cast<const OutOfMemoryError*>(&error) != nullptr;
    const int length = std::snprintf(line, sizeof line, "commbench: error: rank %d %s%s\n", rank,
                                     memory ? "ran out of memory, and too little was left to say more: " : "cannot go on: ",
                                     error.what());
    if (length > 0) std::fwrite(line, 1, std::min<std::size_t>(static_cast<std::size_t>(length), sizeof line - 1), stderr);
  }
  std::fflush(stderr);
}

}  // namespace commbench
