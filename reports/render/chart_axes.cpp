#include "reports/render/chart_axes.hpp"

#include <algorithm>
#include <cmath>

#include "reports/format/number_text.hpp"
#include "reports/render/svg_elements.hpp"

namespace commbench::svg {
namespace {

double power(AxisScale scale, int exponent) {
  return scale == AxisScale::log2 ? std::ldexp(1.0, exponent) : std::pow(10.0, exponent);
}

// The largest e with base^e <= value (value > 0 and finite), exactly for powers of the base.
int floor_exponent(AxisScale scale, double value) {
  int exponent = scale == AxisScale::log2 ? std::ilogb(value) : static_cast<int>(std::floor(std::log10(value)));
  while (power(scale, exponent) > value) --exponent;
  while (power(scale, exponent + 1) <= value) ++exponent;
  return exponent;
}

int ceil_exponent(AxisScale scale, double value) {
  const int exponent = floor_exponent(scale, value);
  return power(scale, exponent) < value ? exponent + 1 : exponent;
}

// 1, 2 or 5 times a power of ten, at least raw.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  if (fraction <= 1) return magnitude;
  if (fraction <= 2) return 2 * magnitude;
  if (fraction <= 5) return 5 * magnitude;
  return 10 * magnitude;
}

// A linear axis in the unit that suits its largest value, with about five round steps.
void layout_linear(const ChartAxis& axis, const std::vector<double>& values, AxisLayout& layout) {
  double low = 0;
  double high = 1;
  if (!values.empty()) {
    low = *std::min_element(values.begin(), values.end());
    high = *std::max_element(values.begin(), values.end());
    if (axis.include_zero) {
      low = std::min(low, 0.0);
      high = std::max(high, 0.0);
    }
    if (!std::isfinite(high - low)) {
      low = 0;
      high = 1;
    }
  }
  if (high == low) {
    // One value, or all equal (never both zero and nonzero: include_zero widened those).
    if (low == 0) {
      high = 1;
    } else {
      const double pad = std::fabs(low) * 0.1;
      low -= pad;
      high += pad;
    }
  }
  if (!(high > low)) {  // a pad lost to underflow (denormal values)
    low = 0;
    high = 1;
  }
  // The unit suits the axis's rounded ends (0.94 GB/s rounds to 1 GB/s: GB/s, not MB/s); the
  // ticks are then round in that unit, which matters for binary byte units.
  const double raw_step = nice_step((high - low) / 5);
  const double rounded_end = std::max(std::fabs(std::floor(low / raw_step) * raw_step), std::fabs(std::ceil(high / raw_step) * raw_step));
  const DisplayUnit unit = display_unit(axis.kind, rounded_end);
  double step = nice_step((high - low) / unit.scale / 5);
  if (axis.kind == ValueKind::count) step = std::max(step, 1.0);
  const double first = std::floor(low / unit.scale / step) + 0.0;
  const double last = std::ceil(high / unit.scale / step);
  // Counted, not stepped in k: at huge offsets k + 1 == k, and the loop must still end.
  const int steps = static_cast<int>(std::min(last - first, 100.0));
  for (int i = 0; i <= steps; ++i) {
    const double k = first + i;
    std::string label = formatted_number("%g", k * step);
    if (label == "-0") label = "0";
    layout.ticks.push_back({k * step * unit.scale, label});
  }
  layout.low = first * step * unit.scale;
  layout.high = last * step * unit.scale;
  layout.title = axis.title + (unit.name.empty() ? "" : " (" + unit.name + ")");
}

// A log axis from the power of the base below the smallest value to the one above the largest;
// ticks at powers (every few when there are many), each labelled with its own unit.
void layout_log(const ChartAxis& axis, const std::vector<double>& values, AxisLayout& layout) {
  const AxisScale scale = axis.scale;
  int low = 0;
  int high = scale == AxisScale::log2 ? 10 : 1;
  if (!values.empty()) {
    // Bounded so that every power stays a normal double.
    low = std::max(floor_exponent(scale, *std::min_element(values.begin(), values.end())), -300);
    high = std::min(ceil_exponent(scale, *std::max_element(values.begin(), values.end())), 300);
    if (low == high) {
      --low;
      ++high;
    }
  }
  const int max_ticks = scale == AxisScale::log2 ? 12 : 8;
  const int stride = (high - low + max_ticks - 1) / max_ticks;
  // Ticks step from the smallest value (a sweep's first size) and the axis ends on one.
  high = low + (high - low + stride - 1) / stride * stride;
  const int span = high - low;
  for (int exponent = low; exponent <= high; exponent += stride) {
    layout.ticks.push_back({power(scale, exponent), value_text(axis.kind, power(scale, exponent))});
  }
  if (scale == AxisScale::log10 && span <= 2) {
    // Few decades: 2x and 5x ticks too, or the axis says little.
    for (int exponent = low; exponent < high; ++exponent) {
      for (const double factor : {2.0, 5.0}) {
        const double value = factor * power(scale, exponent);
        layout.ticks.push_back({value, value_text(axis.kind, value)});
      }
    }
    std::sort(layout.ticks.begin(), layout.ticks.end(),
              [](const Tick& a, const Tick& b) { return a.value < b.value; });
  }
  layout.low = power(scale, low);
  layout.high = power(scale, high);
  layout.title = axis.title;
}

}  // namespace

bool placeable(AxisScale scale, double value) {
  return std::isfinite(value) && (scale == AxisScale::linear || value > 0);
}

double AxisLayout::widest_tick_label(double font_size) const {
  double widest = 0;
  for (const Tick& tick : ticks) widest = std::max(widest, text_width(tick.label, font_size));
  return widest;
}

AxisLayout layout_axis(const ChartAxis& axis, const std::vector<double>& candidates) {
  std::vector<double> values;
  for (const double value : candidates) {
    if (placeable(axis.scale, value)) values.push_back(value);
  }
  AxisLayout layout;
  layout.scale = axis.scale;
  if (axis.scale == AxisScale::linear) {
    layout_linear(axis, values, layout);
  } else {
    layout_log(axis, values, layout);
  }
  return layout;
}

}  // namespace commbench::svg
