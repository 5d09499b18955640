#pragma once
// A chart's axis laid out: its range, round ticks in the unit that suits it (linear: about five
// steps of 1, 2 or 5; logarithmic: powers of the base), and where a value falls in pixels.
#include <cmath>
#include <string>
#include <vector>

#include "reports/render/svg_chart.hpp"

namespace commbench::svg {

// Whether a value can be drawn on an axis of this scale: finite, and above 0 on a log scale.
bool placeable(AxisScale scale, double value);

struct Tick {
  double value = 0;
  std::string label;
};

struct AxisLayout {
  AxisScale scale = AxisScale::linear;
  double low = 0;
  double high = 1;
  std::vector<Tick> ticks;
  std::string title;
  double from = 0;  // pixels of low and high
  double to = 1;

  double transformed(double value) const {
    if (scale == AxisScale::log2) return std::log2(value);
    if (scale == AxisScale::log10) return std::log10(value);
    return value;
  }
  double position(double value) const {
    const double share = (transformed(value) - transformed(low)) / (transformed(high) - transformed(low));
    return from + share * (to - from);
  }
  double widest_tick_label(double font_size) const;
};

// The axis for values (those that are not placeable are left out).
AxisLayout layout_axis(const ChartAxis& axis, const std::vector<double>& candidates);

}  // namespace commbench::svg
