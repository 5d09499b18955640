#include "bench/run/flag_values.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "bench/run/size_parse.hpp"
#include "collectives/backend/checked_size.hpp"

namespace commbench {

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::string::size_type start = 0;
  while (true) {
    const auto comma = text.find(',', start);
    parts.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

std::string size_accepted_text() {
  return "a whole number of bytes with an optional K, M or G suffix, e.g. 8, 64K, 64M, 8G, at most " +
         size_text(kMaxMessageBytes) + " (1 PiB)";
}

std::string file_option(const std::string& flag, const std::string& text, bool given,
                        const std::string& accepted) {
  if (given && text.empty()) throw UsageError(flag + ": the value is empty (accepted: " + accepted + ")");
  return text;
}

std::uint64_t bytes_option(const std::string& flag, const std::string& text) {
  const auto value = parse_bytes(text);
  if (!value) throw UsageError(flag + ": '" + text + "' is not a size (accepted: " + size_accepted_text() + ")");
  if (*value > kMaxMessageBytes) {
    throw UsageError(flag + ": '" + text + "' is larger than the largest message size accepted (accepted: at most " +
                     size_text(kMaxMessageBytes) + ", 1 PiB)");
  }
  return *value;
}

std::uint64_t whole_option(const std::string& flag, const std::string& text, std::uint64_t minimum,
                           std::uint64_t maximum) {
  const auto value = parse_bytes(text);  // digits only; suffixes are harmless here
  if (!value || text.find_first_not_of("0123456789") != std::string::npos || *value < minimum || *value > maximum) {
    throw UsageError(flag + ": '" + text + "' is not accepted (accepted: a whole number >= " + std::to_string(minimum) +
                     " and <= " + std::to_string(maximum) + ")");
  }
  return *value;
}

int rank_option(const std::string& flag, const std::string& text, const std::string& accepted) {
  const auto value = parse_bytes(text);
  if (!value || text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
      *value > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
    throw UsageError(flag + ": '" + text + "' is not accepted (accepted: " + accepted + ")");
  }
  return static_cast<int>(*value);
}

double positive_real_option(const std::string& flag, const std::string& text, double maximum, double minimum) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  // strtod also reads hexadecimal, inf, nan and leading blanks: only decimal notation passes.
  const bool decimal = !text.empty() && text.find_first_not_of("0123456789.eE+-") == std::string::npos;
  const bool above_minimum = minimum > 0 ? value >= minimum : value > 0;
  if (!decimal || *end != '\0' || errno != 0 || !above_minimum || !(value <= maximum)) {
    const std::string lowest = minimum > 0 ? ">= " + number_text(minimum) : "> 0";
    throw UsageError(flag + ": '" + text + "' is not accepted (accepted: a number " + lowest + " and <= " +
                     number_text(maximum) + ")");
  }
  return value;
}

std::uint64_t mebibytes_option(const std::string& flag, const std::string& text) {
  const double mebibytes = positive_real_option(flag, text, 1024.0 * 1024.0);
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(mebibytes * kMebibyte));
}

std::pair<std::uint64_t, std::uint64_t> range_option(const std::string& flag, const std::string& text,
                                                     const std::string& accepted,
                                                     const std::function<std::uint64_t(const std::string&)>& value) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) throw UsageError(flag + ": '" + text + "' is not accepted (accepted: " + accepted + ")");
  const std::uint64_t low = value(text.substr(0, colon));
  const std::uint64_t high = value(text.substr(colon + 1));
  if (low > high) throw UsageError(flag + ": '" + text + "' runs backwards (accepted: " + accepted + " with A <= B)");
  return {low, high};
}

}  // namespace commbench
