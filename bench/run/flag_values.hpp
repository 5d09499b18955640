#pragma once
// The values of command-line flags, checked one way for every command: each function takes
// the flag's name (as the message names it, e.g. "-b/--minbytes") and its text, and returns
// the value or throws UsageError with one line naming the flag and what it accepts.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/run/usage_error.hpp"

namespace commbench {

// Bytes in a MiB, the unit of --bucket-mb and the like.
inline constexpr double kMebibyte = 1024.0 * 1024.0;

// A number as the messages and --help's defaults write it (%g).
std::string number_text(double value);

// The comma-separated parts of text, empty ones included (for the message that names them).
std::vector<std::string> split_commas(const std::string& text);

// What every size flag accepts, the largest message (checked_size.hpp) included.
std::string size_accepted_text();

// A file or name flag given as an empty string is an error, not "none": an empty value would
// otherwise be taken for the flag's absence and silently ignored.
std::string file_option(const std::string& flag, const std::string& text, bool given,
                        const std::string& accepted = "a file path");

// A size flag's bytes: refused here, before anything is allocated, when no run could hold
// them, so that no product formed from them later can wrap.
std::uint64_t bytes_option(const std::string& flag, const std::string& text);

// The one check of every whole-number flag: digits only, from minimum to maximum, and the
// message names the range. The largest accepted value of each flag is a named constant next
// to the flag's use, so that no count reaches a loop or an allocation wrapped or unbounded.
std::uint64_t whole_option(const std::string& flag, const std::string& text, std::uint64_t minimum,
                           std::uint64_t maximum);

// A whole-number flag that any 64-bit count fits (a seed, a batch of samples): the range is
// the type's, named in the message all the same.
inline constexpr std::uint64_t kLargestWholeNumber = std::numeric_limits<std::uint64_t>::max();

// A rank number: digits only and small enough for an int (never wrapped into range).
int rank_option(const std::string& flag, const std::string& text, const std::string& accepted);

// The one check of every real-number flag: decimal notation, > 0 (or >= minimum when one is
// given) and <= maximum, the range named in the message.
double positive_real_option(const std::string& flag, const std::string& text, double maximum, double minimum = 0);

// A size in MiB: a decimal number > 0, at most 1 TiB.
std::uint64_t mebibytes_option(const std::string& flag, const std::string& text);

// A:B, each parsed by value, A <= B.
std::pair<std::uint64_t, std::uint64_t> range_option(const std::string& flag, const std::string& text,
                                                     const std::string& accepted,
                                                     const std::function<std::uint64_t(const std::string&)>& value);

// A list flag (-d, -o): "all", one name, or a comma-separated list of names.
template <typename Value>
std::vector<Value> list_option(const std::string& flag, const std::string& what, const std::string& text,
                               std::optional<Value> (*parse)(std::string_view), const std::vector<Value>& all,
                               const std::string& names) {
  if (text == "all") return all;
  const std::string accepted = " (accepted: " + names + ", all, or a comma-separated list)";
  std::vector<Value> values;
  for (const std::string& name : split_commas(text)) {
    if (name.empty()) throw UsageError(flag + ": '" + text + "' has an empty name in it" + accepted);
    if (name == "all") throw UsageError(flag + ": 'all' stands alone, not in a list ('" + text + "')" + accepted);
    const auto value = parse(name);
    if (!value) throw UsageError(flag + ": unknown " + what + " '" + name + "'" + accepted);
    // Listed twice, every case would be measured and reported twice.
    if (std::find(values.begin(), values.end(), *value) != values.end()) {
      throw UsageError(flag + ": " + what + " '" + name + "' is listed twice in '" + text + "'" + accepted);
    }
    values.push_back(*value);
  }
  return values;
}

}  // namespace commbench
