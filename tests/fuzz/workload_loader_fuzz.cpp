// Fuzz target: parse_workload on any bytes. Refusing is fine; what must never happen is a
// crash, a sanitizer finding, an exception other than WorkloadError, a message longer than
// one line, or a workload that loads but does not load again the same once written back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "workload_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  commbench::Workload workload;
  try {
    workload = commbench::parse_workload(text, "fuzz-input");
  } catch (const commbench::WorkloadError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
    return 0;
  }
  const commbench::Workload again = commbench::parse_workload(commbench::workload_json(workload).dump(), "fuzz-rewritten");
  if (again != workload) std::abort();
  return 0;
}
