#include "reports/format/text_join.hpp"

namespace commbench {

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  return joined(items, separator, separator);
}

std::string joined(const std::vector<std::string>& items, std::string_view separator, std::string_view last_separator) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? last_separator : separator;
    text += items[i];
  }
  return text;
}

}  // namespace commbench
