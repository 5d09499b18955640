#pragma once
// What a large allocation is for, so that running out of memory ends in one line a user can
// act on instead of "std::bad_alloc". The places whose size a user's input decides (the
// sweep's cases, host buffers, a report being loaded, linkcheck's samples, a workload's
// layers) run their allocation inside with_memory_demand, naming what it holds, about how
// much, and what to change; a std::bad_alloc or std::length_error there becomes an
// OutOfMemoryError carrying those words. The innermost demand names the failure: an
// OutOfMemoryError passes through outer ones unchanged. main.cpp turns whatever reaches it
// into the exit-3 line (failure_words), adding what this process and host had.
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>

namespace commbench {

struct MemoryDemand {
  std::string what;             // "planning the sweep's 134217728 cases"
  std::optional<double> bytes;  // about how much it needs, when known
  std::string remedy;           // "raise -f/--stepfactor or narrow -b..-e"
};

class OutOfMemoryError : public std::runtime_error {
 public:
  // beyond_limit: a container's size limit (std::length_error), not the memory there was.
  OutOfMemoryError(const MemoryDemand& demand, bool beyond_limit);
  const MemoryDemand& demand() const { return demand_; }
  bool beyond_limit() const { return beyond_limit_; }

 private:
  MemoryDemand demand_;
  bool beyond_limit_;
};

// "ran out of memory while planning the sweep's 134217728 cases (about 1.7 GB): raise ...";
// state, when given, goes before the remedy ("; this process peaked at ...").
std::string memory_demand_text(const MemoryDemand& demand, bool beyond_limit, const std::string& state = "");

// 1.7e9 -> "1.7 GB", 70368744177664 -> "70 TB" (SI, as everywhere in commbench).
std::string approximate_bytes_text(double bytes);

template <typename Work>
decltype(auto) with_memory_demand(const MemoryDemand& demand, Work&& work) {
  try {
    return work();
  } catch (const std::bad_alloc&) {
    throw OutOfMemoryError(demand, false);
  } catch (const std::length_error&) {
    throw OutOfMemoryError(demand, true);
  }
}

// Sets aside bytes of address space that the first failed operator new gives back before it
// throws std::bad_alloc, so that the unwinding after it has memory to work with: nlohmann's
// json destructor allocates a stack as large as the array it destroys, inside a noexcept
// destructor, and under a memory limit (ulimit -v) a bad_alloc while a report's tree was built
// ended in std::terminate (exit 134) instead of the exit-3 line. Called once, by main.
void reserve_memory_for_failures(std::size_t bytes);

// The words after "rank N " of the exit-3 line for an error that ended the run: an
// OutOfMemoryError's own, with the memory this process peaked at and the host has left; a
// std::bad_alloc or std::length_error no site named, as running out of memory at an unnamed
// step (with the same figures); anything else "cannot go on: " and its message.
std::string failure_words(const std::exception& error);

// Writes "commbench: error: rank <rank> <failure_words>" to standard error in one write. It
// cannot fail: where memory is still short for the words (the run's data still held), it
// writes a fixed line built on the stack, with error.what().
void write_failure_line(int rank, const std::exception& error) noexcept;

}  // namespace commbench
