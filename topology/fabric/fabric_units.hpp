#pragma once
// Quantities with units, as fabric files write them: "400 Gb/s", "2.5 us". Data holds SI base
// units (bytes/s, seconds); a unit is kept only so that a file written back reads as it was
// written. Bandwidth units: B/s kB/s KB/s MB/s GB/s TB/s (powers of 1000; KB is 1000 bytes
// here, as everywhere in commbench), KiB/s MiB/s GiB/s (powers of 1024), and bits per second
// (b/s kb/s Kb/s Mb/s Gb/s Tb/s, bit/s kbit/s Mbit/s Gbit/s Tbit/s: the value divided by 8).
// Time units: s ms us µs ns.
#include <stdexcept>
#include <string>

namespace commbench {

enum class QuantityKind { bandwidth, time };

// An unknown unit, or text that is not "<number> <unit>". what() is one line and lists the
// accepted units.
class UnitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// "bandwidth" or "time", for messages.
std::string quantity_kind_name(QuantityKind kind);

// The units of a kind, comma-separated, in the order the header lists them.
std::string accepted_units(QuantityKind kind);

bool is_known_unit(const std::string& unit, QuantityKind kind);

// value (in unit) as an SI value. An empty unit means the value is already SI. Conversions
// multiply or divide by exact powers (a unit of 1e-6 s divides by 1e6, since 1e-6 has no
// exact double), so 2.5 us is exactly the double 2.5e-6 and 400 Gb/s is exactly 5e10.
// Throws UnitError for an unknown unit.
double to_si(double value, const std::string& unit, QuantityKind kind);

// The number to write in unit for an SI value: to_si(from_si(v, u), u) == v whenever such a
// number exists (neighbouring doubles are tried, since v / factor * factor can miss v by one
// rounding). When none exists, *exact (if given) is set to false and the nearest is returned.
double from_si(double value_si, const std::string& unit, QuantityKind kind, bool* exact = nullptr);

// A number and a unit from text such as "400 Gb/s", "400Gb/s" or "2.5 us". The number is
// decimal (sign, digits, fraction, exponent); inf, nan and hex are refused, as is text with
// no unit. Throws UnitError.
struct ParsedQuantity {
  double value = 0;  // in unit
  std::string unit;
  double si = 0;  // to_si(value, unit)
};
ParsedQuantity parse_quantity(const std::string& text, QuantityKind kind);

}  // namespace commbench
