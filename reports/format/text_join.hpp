#pragma once
// Lists written as text, the one way every message and report line joins its items: "a, b, c"
// (accepted names, fields), "a; b" (report lines), "a b" (a command line), "a, b and c".
#include <string>
#include <string_view>
#include <vector>

namespace commbench {

// items with separator between each two: joined({"a", "b"}) is "a, b"; no items, "".
std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ");

// The same, with last_separator before the last item: ({"a", "b", "c"}, ", ", " or ") is "a, b or c".
std::string joined(const std::vector<std::string>& items, std::string_view separator, std::string_view last_separator);

}  // namespace commbench
