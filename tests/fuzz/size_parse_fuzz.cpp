// Fuzz target: parse_bytes on any text. It must not crash or overflow, and a size it accepts
// must survive size_text and parse_bytes again unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bench/run/size_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto bytes = commbench::parse_bytes(text);
  if (!bytes) return 0;
  if (commbench::parse_bytes(commbench::size_text(*bytes)) != bytes) std::abort();
  return 0;
}
