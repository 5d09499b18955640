// Fuzz target: parse_acceptance_spec (the gate's --spec file) on any bytes. Refusing is fine;
// what must never happen is a crash, a sanitizer finding, an exception other than
// AcceptanceSpecError, or a message longer than one line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bench/reading/acceptance_spec_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const commbench::AcceptanceSpec spec = commbench::parse_acceptance_spec(text, "fuzz-input");
    // A spec that loads has checks, each of a known type.
    for (const commbench::AcceptanceCheck& check : spec.checks) {
      if (commbench::acceptance_check_type(check.kind).empty()) std::abort();
    }
  } catch (const commbench::AcceptanceSpecError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
  }
  return 0;
}
