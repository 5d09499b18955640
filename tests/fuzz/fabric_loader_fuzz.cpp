// Fuzz target: load_fabric_text on any bytes. Refusing is fine; what must never happen is a
// crash, a sanitizer finding, an exception other than FabricError, a message longer than one
// line, or a fabric that loads but does not load again the same once written back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "topology/fabric_files/fabric_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  commbench::Fabric fabric;
  try {
    fabric = commbench::load_fabric_text(text, "fuzz-input");
  } catch (const commbench::FabricError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
    return 0;
  }
  const commbench::Fabric again = commbench::load_fabric_text(commbench::fabric_json_text(fabric), "fuzz-rewritten");
  if (again != fabric) std::abort();
  return 0;
}
