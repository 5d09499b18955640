#include "reports/render/svg_chart.hpp"

#include <cmath>
#include <iterator>

#include "reports/format/number_text.hpp"

namespace commbench {

DisplayUnit display_unit(ValueKind kind, double magnitude) {
  switch (kind) {
    case ValueKind::bytes: {
      static const char* kNames[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
      std::size_t index = 0;
      double scale = 1;
      while (index + 1 < std::size(kNames) && magnitude >= scale * 1024) {
        scale *= 1024;
        ++index;
      }
      return {kNames[index], scale};
    }
    case ValueKind::seconds:
      if (magnitude >= 1 || magnitude == 0) return {"s", 1};
      if (magnitude >= 1e-3) return {"ms", 1e-3};
      if (magnitude >= 1e-6) return {"us", 1e-6};
      return {"ns", 1e-9};
    case ValueKind::bytes_per_second:
      if (magnitude >= 1e12) return {"TB/s", 1e12};
      if (magnitude >= 1e9) return {"GB/s", 1e9};
      if (magnitude >= 1e6) return {"MB/s", 1e6};
      if (magnitude >= 1e3) return {"kB/s", 1e3};
      return {"B/s", 1};
    case ValueKind::fraction:
      return {"%", 0.01};
    case ValueKind::count:
    case ValueKind::ratio:
      break;
  }
  return {"", 1};
}

std::string value_text(ValueKind kind, double value) {
  if (!std::isfinite(value)) return "n/a";
  const DisplayUnit unit = display_unit(kind, std::fabs(value));
  const std::string digits = significant_text(value / unit.scale);
  if (unit.name.empty()) return digits;
  return kind == ValueKind::fraction ? digits + unit.name : digits + " " + unit.name;
}

std::string chart_colour(std::size_t index) {
  static const char* kPalette[] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"};
  return kPalette[index % std::size(kPalette)];
}

}  // namespace commbench
