#include "reports/load/json_schema_values.hpp"

#include <cmath>
#include <cstdint>

namespace commbench::json_schema {
namespace {

using nlohmann::json;

long double number_value(const json& number) {
  if (number.is_number_unsigned()) return static_cast<long double>(number.get<std::uint64_t>());
  if (number.is_number_integer()) return static_cast<long double>(number.get<std::int64_t>());
  return static_cast<long double>(number.get<double>());
}

int type_rank(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return 0;
    case json::value_t::boolean:
      return 1;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return 2;
    case json::value_t::string:
      return 3;
    case json::value_t::array:
      return 4;
    case json::value_t::object:
      return 5;
    default:
      return 6;  // binary and discarded: never parsed from text
  }
}

}  // namespace

int compare_numbers(const json& a, const json& b) {
  const long double x = number_value(a), y = number_value(b);
  return x < y ? -1 : (y < x ? 1 : 0);
}

std::string shortened(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

int compare_values(const json& a, const json& b) {
  const int rank_a = type_rank(a), rank_b = type_rank(b);
  if (rank_a != rank_b) return rank_a < rank_b ? -1 : 1;
  switch (rank_a) {
    case 0:
      return 0;
    case 1:
      return a.get<bool>() == b.get<bool>() ? 0 : (a.get<bool>() ? 1 : -1);
    case 2:
      return compare_numbers(a, b);
    case 3:
      return a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    case 4: {
      for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (const int order = compare_values(a[i], b[i])) return order;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    case 5: {
      auto x = a.begin(), y = b.begin();
      for (; x != a.end() && y != b.end(); ++x, ++y) {
        if (const int order = x.key().compare(y.key())) return order < 0 ? -1 : 1;
        if (const int order = compare_values(x.value(), y.value())) return order;
      }
      return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
    }
    default:
      return a == b ? 0 : (a < b ? -1 : 1);
  }
}

bool same_value(const json& a, const json& b) { return compare_values(a, b) == 0; }

bool is_whole_number(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && number == std::trunc(number);
}

std::string value_text(const json& value) {
  return shortened(value.dump(-1, ' ', false, json::error_handler_t::replace), 80);
}

std::string subject(const json& value) {
  return value.is_structured() || value.is_null() ? "" : value_text(value) + " ";
}

std::string kind_phrase(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return is_whole_number(value) ? "an integer" : "a number";
  }
}

std::string elements_text(std::size_t count) { return std::to_string(count) + (count == 1 ? " element" : " elements"); }

}  // namespace commbench::json_schema
