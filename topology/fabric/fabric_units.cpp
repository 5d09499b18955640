#include "topology/fabric/fabric_units.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

namespace commbench {
namespace {

// SI value = value * 10^decimal_exponent * binary_factor / (bits ? 8 : 1). The decimal part is
// applied to the number's decimal digits (its shortest representation), not by multiplying
// by 1e-6, which has no exact double: so "0.1 us" is exactly the double 1e-7 and "2.5 us" the
// double 2.5e-6. Powers of two and the division by 8 are exact.
struct Unit {
  const char* name;
  int decimal_exponent;
  double binary_factor;
  bool bits;
};

constexpr Unit kBandwidthUnits[] = {
    {"B/s", 0, 1, false},    {"kB/s", 3, 1, false},  {"KB/s", 3, 1, false},   {"MB/s", 6, 1, false},
    {"GB/s", 9, 1, false},   {"TB/s", 12, 1, false}, {"KiB/s", 0, 1024.0, false}, {"MiB/s", 0, 1048576.0, false},
    {"GiB/s", 0, 1073741824.0, false},
    {"b/s", 0, 1, true},     {"kb/s", 3, 1, true},   {"Kb/s", 3, 1, true},    {"Mb/s", 6, 1, true},
    {"Gb/s", 9, 1, true},    {"Tb/s", 12, 1, true},
    {"bit/s", 0, 1, true},   {"kbit/s", 3, 1, true}, {"Mbit/s", 6, 1, true},  {"Gbit/s", 9, 1, true},
    {"Tbit/s", 12, 1, true},
};

// "µs" is written with the micro sign (U+00B5); the Greek small mu (U+03BC) looks the same
// and is what many keyboards produce, so it is read too (and not listed twice).
constexpr Unit kTimeUnits[] = {
    {"s", 0, 1, false},  {"ms", -3, 1, false}, {"us", -6, 1, false}, {"\xC2\xB5s", -6, 1, false},
    {"\xCE\xBCs", -6, 1, false}, {"ns", -9, 1, false},
};

const Unit* find_unit(const std::string& unit, QuantityKind kind) {
  if (kind == QuantityKind::bandwidth) {
    for (const Unit& u : kBandwidthUnits) {
      if (unit == u.name) return &u;
    }
  } else {
    for (const Unit& u : kTimeUnits) {
      if (unit == u.name) return &u;
    }
  }
  return nullptr;
}

// value * 10^exponent, correctly rounded from value's shortest decimal form. to_chars and
// from_chars ignore the locale, unlike printf and strtod.
double shift_decimal(double value, int exponent) {
  if (exponent == 0 || value == 0 || !std::isfinite(value)) return value;
  char buffer[64];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, written.ptr);
  const auto e = text.find('e');
  long total = exponent;
  if (e != std::string::npos) {
    total += std::strtol(text.c_str() + e + 1, nullptr, 10);
    text.erase(e);
  }
  text += "e" + std::to_string(total);
  double shifted = 0;
  const auto read = std::from_chars(text.data(), text.data() + text.size(), shifted);
  if (read.ec == std::errc::result_out_of_range) {
    // from_chars leaves the value alone when it does not fit: too large or too small.
    return std::copysign(total > 0 ? HUGE_VAL : 0.0, value);
  }
  return shifted;
}

double apply(double value, const Unit& unit) {
  double si = shift_decimal(value, unit.decimal_exponent) * unit.binary_factor;
  if (unit.bits) si /= 8;
  return si;
}

double invert(double si, const Unit& unit) {
  double value = si;
  if (unit.bits) value *= 8;
  value /= unit.binary_factor;
  return shift_decimal(value, -unit.decimal_exponent);
}

[[noreturn]] void unknown_unit(const std::string& unit, QuantityKind kind) {
  throw UnitError("unknown " + quantity_kind_name(kind) + " unit \"" + unit + "\" (accepted: " +
                  accepted_units(kind) + ")");
}

// The length of a strict decimal number at the start of text: [+-]digits[.digits][(e|E)[+-]digits],
// or 0 when there is none. strtod alone would also take "inf", "nan" and hex.
std::size_t number_length(const std::string& text) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t exponent_start = i++;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) i = exponent_start;  // "5e" is the number 5 followed by a unit "e"
  }
  return i;
}

}  // namespace

std::string quantity_kind_name(QuantityKind kind) { return kind == QuantityKind::bandwidth ? "bandwidth" : "time"; }

std::string accepted_units(QuantityKind kind) {
  std::string list;
  if (kind == QuantityKind::bandwidth) {
    for (const Unit& u : kBandwidthUnits) list += (list.empty() ? "" : ", ") + std::string(u.name);
  } else {
    for (const Unit& u : kTimeUnits) {
      if (std::string(u.name) == "\xCE\xBCs") continue;  // shown once, as µs
      list += (list.empty() ? "" : ", ") + std::string(u.name);
    }
  }
  return list;
}

bool is_known_unit(const std::string& unit, QuantityKind kind) { return find_unit(unit, kind) != nullptr; }

double to_si(double value, const std::string& unit, QuantityKind kind) {
  if (unit.empty()) return value;
  const Unit* found = find_unit(unit, kind);
  if (found == nullptr) unknown_unit(unit, kind);
  return apply(value, *found);
}

double from_si(double value_si, const std::string& unit, QuantityKind kind, bool* exact) {
  if (exact != nullptr) *exact = true;
  if (unit.empty()) return value_si;
  const Unit* found = find_unit(unit, kind);
  if (found == nullptr) unknown_unit(unit, kind);
  const double value = invert(value_si, *found);
  if (apply(value, *found) == value_si) return value;
  // One rounding in each direction can leave the inverse a few units in the last place off.
  double down = value, up = value;
  for (int step = 0; step < 4; ++step) {
    down = std::nextafter(down, -INFINITY);
    up = std::nextafter(up, INFINITY);
    if (apply(down, *found) == value_si) return down;
    if (apply(up, *found) == value_si) return up;
  }
  if (exact != nullptr) *exact = false;
  return value;
}

ParsedQuantity parse_quantity(const std::string& text, QuantityKind kind) {
  const std::string example = kind == QuantityKind::bandwidth ? "\"400 Gb/s\"" : "\"2.5 us\"";
  const std::size_t length = number_length(text);
  if (length == 0) {
    throw UnitError("\"" + text + "\" does not start with a number (accepted: a number and a " +
                    quantity_kind_name(kind) + " unit, e.g. " + example + "; units: " + accepted_units(kind) + ")");
  }
  ParsedQuantity parsed;
  const std::string number = text.substr(0, length);
  const char* begin = number.c_str() + (number.front() == '+' ? 1 : 0);  // from_chars takes no '+'
  const auto read = std::from_chars(begin, number.c_str() + number.size(), parsed.value);
  if (read.ec == std::errc::result_out_of_range) {
    // from_chars does not say which way; strtod does (its locale's decimal point cannot turn
    // a too large number into a too small one).
    const bool too_small = std::fabs(std::strtod(number.c_str(), nullptr)) < 1;
    throw UnitError("\"" + text + "\" is too " + (too_small ? "small" : "large") +
                    " (accepted: a number from 2.2250738585072014e-308 to 1.7976931348623157e308 in magnitude, or 0)");
  }
  std::size_t unit_start = length;
  while (unit_start < text.size() && text[unit_start] == ' ') ++unit_start;
  parsed.unit = text.substr(unit_start);
  if (parsed.unit.empty()) {
    throw UnitError("\"" + text + "\" has no unit (accepted: a number and a " + quantity_kind_name(kind) +
                    " unit, e.g. " + example + "; units: " + accepted_units(kind) + ")");
  }
  parsed.si = to_si(parsed.value, parsed.unit, kind);
  if (!std::isfinite(parsed.si)) {
    throw UnitError("\"" + text + "\" is too large in SI units (accepted: up to 1.7976931348623157e308)");
  }
  return parsed;
}

}  // namespace commbench
