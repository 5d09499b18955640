#pragma once
// Searches in the text that a test got back (rendered reports, messages, output).
#include <cstddef>
#include <string>

namespace commbench {

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// How many times part stands in text, counting only occurrences that do not overlap.
inline std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

}  // namespace commbench
