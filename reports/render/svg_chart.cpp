#include "reports/render/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <limits>

#include "reports/format/escaped_text.hpp"
#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

constexpr double kFontSize = 12;
constexpr double kSmallFont = 11;
constexpr double kTitleFont = 15;
// Average advance of a sans-serif character as a share of the font size. No font is embedded
// (the report loads nothing), so text is never measured: this estimate, a little generous,
// keeps labels from running into each other.
constexpr double kCharAdvance = 0.6;
constexpr const char* kGridColour = "#e4e4e4";
constexpr const char* kAxisColour = "#555555";
constexpr const char* kTextColour = "#222222";
constexpr const char* kAlertColour = "#d00000";
constexpr const char* kIdleColour = "#dcdcdc";
constexpr const char* kMissingColour = "#f0f0f0";

double text_width(const std::string& text, double font_size) {
  std::size_t characters = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;  // count UTF-8 lead bytes only
  }
  return static_cast<double>(characters) * kCharAdvance * font_size;
}

// A coordinate. Callers only pass finite values (unplaceable input is skipped before layout);
// the check keeps a slip from ever writing "nan" into a report.
std::string number(double value) {
  if (!std::isfinite(value)) value = 0;
  std::string text = formatted_number("%.1f", value);
  return text == "-0.0" ? "0.0" : text;
}

std::string attribute(const char* name, double value) { return std::string(" ") + name + "=\"" + number(value) + "\""; }

std::string attribute(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + html_text(value) + "\"";
}

std::string tooltip(const std::string& text) { return "<title>" + html_text(text) + "</title>"; }


// The SVG element with its accessible name, a white background and the title line.
std::string svg_start(double width, double height, const std::string& title) {
  std::string svg = "<svg class=\"commbench-chart\" role=\"img\"" + attribute("aria-label", title) +
                    attribute("width", width) + attribute("height", height) + " viewBox=\"0 0 " + number(width) + " " +
                    number(height) + "\" font-family=\"sans-serif\" font-size=\"" + number(kFontSize) + "\">\n";
  svg += tooltip(title) + "\n";
  svg += "<rect" + attribute("width", width) + attribute("height", height) + " fill=\"#ffffff\"/>\n";
  svg += "<text" + attribute("x", 12) + attribute("y", 22) + attribute("font-size", kTitleFont) +
         " font-weight=\"bold\" fill=\"" + kTextColour + "\">" + html_text(title) + "</text>\n";
  return svg;
}

std::string text_element(double x, double y, const std::string& text, const std::string& anchor, double font_size,
                         const std::string& fill = kTextColour, const std::string& extra = "") {
  return "<text" + attribute("x", x) + attribute("y", y) + " text-anchor=\"" + anchor + "\"" +
         attribute("font-size", font_size) + " fill=\"" + fill + "\"" + extra + ">" + html_text(text) + "</text>\n";
}

std::string line_element(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                         const std::string& extra = "") {
  return "<line" + attribute("x1", x1) + attribute("y1", y1) + attribute("x2", x2) + attribute("y2", y2) +
         " stroke=\"" + stroke + "\"" + attribute("stroke-width", width) + extra + "/>\n";
}

std::string rect_element(double x, double y, double width, double height, const std::string& fill,
                         const std::string& extra = "", const std::string& content = "") {
  const std::string open = "<rect" + attribute("x", x) + attribute("y", y) + attribute("width", width) +
                           attribute("height", height) + " fill=\"" + fill + "\"" + extra;
  return content.empty() ? open + "/>\n" : open + ">" + content + "</rect>\n";
}

// ---- axes -------------------------------------------------------------------------------

bool placeable(AxisScale scale, double value) {
  return std::isfinite(value) && (scale == AxisScale::linear || value > 0);
}

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
  double widest_tick_label(double font_size) const {
    double widest = 0;
    for (const Tick& tick : ticks) widest = std::max(widest, text_width(tick.label, font_size));
    return widest;
  }
};

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

// ---- series drawing ---------------------------------------------------------------------

std::string dash_attribute(LineStyle style) { return style == LineStyle::dashed ? " stroke-dasharray=\"6 4\"" : ""; }

std::string point_shape(PointShape shape, double x, double y, const std::string& colour, bool hollow,
                        const std::string& title) {
  const double r = 3.5;
  const std::string paint = " fill=\"" + (hollow ? std::string("#ffffff") : colour) + "\" stroke=\"" + colour +
                            "\" stroke-width=\"1.5\">" + (title.empty() ? "" : tooltip(title));
  switch (shape) {
    case PointShape::none:
      return "";
    case PointShape::circle:
      return "<circle" + attribute("cx", x) + attribute("cy", y) + attribute("r", r) + paint + "</circle>\n";
    case PointShape::square:
      return "<rect" + attribute("x", x - r) + attribute("y", y - r) + attribute("width", 2 * r) +
             attribute("height", 2 * r) + paint + "</rect>\n";
    case PointShape::triangle:
      return "<polygon points=\"" + number(x) + "," + number(y - r - 1) + " " + number(x - r - 0.5) + "," +
             number(y + r) + " " + number(x + r + 0.5) + "," + number(y + r) + "\"" + paint + "</polygon>\n";
    case PointShape::diamond:
      return "<polygon points=\"" + number(x) + "," + number(y - r - 1) + " " + number(x + r + 1) + "," + number(y) +
             " " + number(x) + "," + number(y + r + 1) + " " + number(x - r - 1) + "," + number(y) + "\"" + paint +
             "</polygon>\n";
  }
  return "";
}

// One legend entry per item, flowed into rows within [left, right]; returns the bottom.
struct LegendItem {
  std::string sample;  // SVG drawn in a 24 x 12 box whose top left is (0, 0), translated in place
  std::string text;
};

double draw_legend(std::string& svg, const std::vector<LegendItem>& items, double left, double right, double top) {
  const double row_height = 18;
  double x = left;
  double y = top;
  for (const LegendItem& item : items) {
    const double width = 30 + text_width(item.text, kFontSize) + 18;
    if (x > left && x + width > right) {
      x = left;
      y += row_height;
    }
    svg += "<g transform=\"translate(" + number(x) + " " + number(y) + ")\">" + item.sample + "</g>\n";
    svg += text_element(x + 30, y + 10, item.text, "start", kFontSize);
    x += width;
  }
  return items.empty() ? top : y + row_height;
}

std::string series_sample(const ChartSeries& series) {
  const std::string colour = chart_colour(series.colour);
  return line_element(0, 6, 24, 6, colour, 2, dash_attribute(series.style)) +
         point_shape(series.shape, 12, 6, colour, series.style == LineStyle::dashed, "");
}

// Puts each marker's label in the first row of the band above the plot where it overlaps no
// other label, so that markers at nearby sizes stay readable.
struct PlacedMarker {
  double x = 0;
  double label_x = 0;
  std::string anchor;
  std::size_t row = 0;
  const ChartMarker* marker = nullptr;
};

std::vector<PlacedMarker> place_markers(const std::vector<ChartMarker>& markers, const AxisLayout& x_axis,
                                        double chart_width, std::size_t& rows) {
  std::vector<PlacedMarker> placed;
  for (const ChartMarker& marker : markers) {
    if (!placeable(x_axis.scale, marker.x)) continue;
    PlacedMarker item;
    item.marker = &marker;
    item.x = x_axis.position(marker.x);
    placed.push_back(item);
  }
  std::stable_sort(placed.begin(), placed.end(), [](const PlacedMarker& a, const PlacedMarker& b) { return a.x < b.x; });
  std::vector<std::vector<std::pair<double, double>>> occupied;
  for (PlacedMarker& item : placed) {
    const double width = text_width(item.marker->label, kSmallFont);
    double start = item.x + 4;
    item.anchor = "start";
    if (start + width > chart_width - 4) {
      start = item.x - 4 - width;
      item.anchor = "end";
    }
    const double end = start + width;
    std::size_t row = 0;
    for (; row < occupied.size(); ++row) {
      const bool overlaps = std::any_of(occupied[row].begin(), occupied[row].end(), [&](const auto& span) {
        return start < span.second + 6 && span.first < end + 6;
      });
      if (!overlaps) break;
    }
    if (row == occupied.size()) occupied.emplace_back();
    occupied[row].emplace_back(start, end);
    item.row = row;
    item.label_x = item.anchor == "start" ? item.x + 4 : item.x - 4;
  }
  rows = occupied.size();
  return placed;
}

// ---- colour scale -----------------------------------------------------------------------

struct Rgb {
  double r, g, b;
};

// Light to dark (ColorBrewer YlGnBu): a higher value is a darker cell.
Rgb scale_colour(double share) {
  static const Rgb kStops[] = {{255, 255, 217}, {199, 233, 180}, {127, 205, 187}, {29, 145, 192}, {12, 44, 132}};
  const double clamped = std::min(std::max(share, 0.0), 1.0) * 4;
  const int index = std::min(static_cast<int>(clamped), 3);
  const double t = clamped - index;
  const Rgb& a = kStops[index];
  const Rgb& b = kStops[index + 1];
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

std::string hex_colour(const Rgb& colour) {
  const auto channel = [](double value) { return static_cast<unsigned>(std::lround(std::min(std::max(value, 0.0), 255.0))); };
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", channel(colour.r), channel(colour.g), channel(colour.b));
  return text;
}

std::string text_colour_on(const Rgb& colour) {
  const double luminance = (0.2126 * colour.r + 0.7152 * colour.g + 0.0722 * colour.b) / 255;
  return luminance < 0.5 ? "#ffffff" : "#111111";
}

// The "!" badge of an outlier or a flagged label, centred at (x, y).
std::string alert_badge(double x, double y) {
  return "<circle" + attribute("cx", x) + attribute("cy", y) + attribute("r", 6.5) +
         " fill=\"#ffffff\" stroke=\"" + kAlertColour + "\" stroke-width=\"1.5\"/>\n" +
         text_element(x, y + 4, "!", "middle", kSmallFont, kAlertColour, " font-weight=\"bold\"");
}

}  // namespace

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

std::string line_chart_svg(const LineChart& chart) {
  const double width = 760;
  const double plot_height = 280;
  std::vector<double> xs;
  std::vector<double> ys;
  for (const ChartSeries& series : chart.series) {
    for (const ChartPoint& point : series.points) {
      if (placeable(chart.x.scale, point.x) && placeable(chart.y.scale, point.y)) {
        xs.push_back(point.x);
        ys.push_back(point.y);
      }
    }
  }
  const bool has_data = !xs.empty();
  for (const ChartMarker& marker : chart.markers) xs.push_back(marker.x);
  AxisLayout x_axis = layout_axis(chart.x, xs);
  AxisLayout y_axis = layout_axis(chart.y, ys);

  const double left = 30 + y_axis.widest_tick_label(kSmallFont) + 10;
  const double right = width - 28;
  x_axis.from = left;
  x_axis.to = right;
  std::size_t marker_rows = 0;
  const std::vector<PlacedMarker> markers = place_markers(chart.markers, x_axis, width, marker_rows);
  const double band_top = 34;
  const double row_height = 15;
  const double plot_top = marker_rows == 0 ? 40 : band_top + row_height * static_cast<double>(marker_rows) + 8;
  const double plot_bottom = plot_top + plot_height;
  y_axis.from = plot_bottom;
  y_axis.to = plot_top;

  std::vector<LegendItem> legend;
  for (const ChartSeries& series : chart.series) legend.push_back({series_sample(series), series.name});
  // The legend is drawn into a scratch string first: its height decides the chart's.
  std::string legend_svg;
  const double legend_bottom = draw_legend(legend_svg, legend, left, width - 10, plot_bottom + 50);
  const double height = legend_bottom + 10;

  std::string svg = svg_start(width, height, chart.title);
  // Grid and tick labels.
  for (const Tick& tick : y_axis.ticks) {
    const double y = y_axis.position(tick.value);
    svg += line_element(left, y, right, y, tick.value == 0 ? "#aaaaaa" : kGridColour, 1);
    svg += text_element(left - 6, y + 4, tick.label, "end", kSmallFont);
  }
  for (const Tick& tick : x_axis.ticks) {
    const double x = x_axis.position(tick.value);
    svg += line_element(x, plot_top, x, plot_bottom, kGridColour, 1);
    svg += text_element(x, plot_bottom + 16, tick.label, "middle", kSmallFont);
  }
  svg += rect_element(left, plot_top, right - left, plot_height, "none",
                      std::string(" stroke=\"") + kAxisColour + "\" stroke-width=\"1\"");
  svg += text_element((left + right) / 2, plot_bottom + 36, x_axis.title, "middle", kFontSize);
  const double y_title_x = 16;
  const double y_title_y = (plot_top + plot_bottom) / 2;
  svg += text_element(y_title_x, y_title_y, y_axis.title, "middle", kFontSize, kTextColour,
                      " transform=\"rotate(-90 " + number(y_title_x) + " " + number(y_title_y) + ")\"");
  if (!has_data) svg += text_element((left + right) / 2, y_title_y, "no data to draw", "middle", kFontSize, "#888888");

  // Series: lines first, then points on top of every line.
  std::string points_svg;
  for (const ChartSeries& series : chart.series) {
    const std::string colour = chart_colour(series.colour);
    std::string coordinates;
    std::size_t drawn = 0;
    for (const ChartPoint& point : series.points) {
      if (!placeable(chart.x.scale, point.x) || !placeable(chart.y.scale, point.y)) continue;
      const double x = x_axis.position(point.x);
      const double y = y_axis.position(point.y);
      coordinates += (drawn++ == 0 ? "" : " ") + number(x) + "," + number(y);
      points_svg += point_shape(series.shape, x, y, colour, series.style == LineStyle::dashed,
                                series.name + ": " + value_text(chart.x.kind, point.x) + ", " +
                                    value_text(chart.y.kind, point.y));
    }
    if (drawn >= 2) {
      svg += "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"" + dash_attribute(series.style) +
             " points=\"" + coordinates + "\">" + tooltip(series.name) + "</polyline>\n";
    }
  }
  svg += points_svg;

  // Every marker line before any label, and labels on a white halo: a line running up to a
  // higher row's label must not strike through the labels below it.
  const auto label_baseline = [&](const PlacedMarker& item) {
    return band_top + row_height * static_cast<double>(item.row) + 11;
  };
  for (const PlacedMarker& item : markers) {
    svg += line_element(item.x, label_baseline(item) + 3, item.x, plot_bottom, chart_colour(item.marker->colour), 1.5,
                        " stroke-dasharray=\"3 3\"");
  }
  for (const PlacedMarker& item : markers) {
    svg += text_element(item.label_x, label_baseline(item), item.marker->label, item.anchor, kSmallFont,
                        chart_colour(item.marker->colour),
                        " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"");
  }
  svg += legend_svg;
  svg += "</svg>\n";
  return svg;
}

std::string heat_map_svg(const HeatMap& map) {
  const std::size_t rows = map.rows.size();
  const std::size_t columns = map.columns.size();
  const double cell_width = std::min(std::max(640.0 / static_cast<double>(std::max<std::size_t>(columns, 1)), 18.0), 76.0);
  const double cell_height = std::min(std::max(cell_width * 0.55, 18.0), 40.0);
  const bool values_in_cells = cell_width >= 44;

  const auto cell_at = [&map](std::size_t row, std::size_t column) -> const HeatMapCell* {
    if (row >= map.cells.size() || column >= map.cells[row].size()) return nullptr;
    return &map.cells[row][column];
  };
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t column = 0; column < columns; ++column) {
      const HeatMapCell* cell = cell_at(row, column);
      if (cell && cell->value && std::isfinite(*cell->value)) {
        low = std::min(low, *cell->value);
        high = std::max(high, *cell->value);
      }
    }
  }
  const bool has_values = low <= high;
  const DisplayUnit unit = display_unit(map.kind, has_values ? std::max(std::fabs(low), std::fabs(high)) : 0);
  const auto share_of = [&](double value) { return high > low ? (value - low) / (high - low) : 0.5; };
  const auto label_text = [](const HeatMapLabel& label) { return label.flagged ? label.text + " (!)" : label.text; };

  double row_label_width = 0;
  for (const HeatMapLabel& label : map.rows) row_label_width = std::max(row_label_width, text_width(label_text(label), kFontSize));
  double column_label_width = 0;
  for (const HeatMapLabel& label : map.columns) {
    column_label_width = std::max(column_label_width, text_width(label_text(label), kFontSize));
  }
  const bool rotate_columns = column_label_width > cell_width - 4;
  const double column_label_height = rotate_columns ? column_label_width * 0.71 + 12 : 18;
  const double left = 30 + row_label_width + 10;
  const double top = 34 + 18 + column_label_height;
  const double grid_width = cell_width * static_cast<double>(columns);
  const double grid_height = cell_height * static_cast<double>(rows);
  const double width = std::max(left + grid_width + 30, 520.0);

  // Legend: swatches of the scale, then what the marks mean.
  std::string legend;
  double legend_y = top + grid_height + 28;
  const std::string scale_title = map.value_title + (unit.name.empty() ? "" : " (" + unit.name + ")");
  legend += text_element(12, legend_y + 10, scale_title + ":", "start", kFontSize);
  double x = 12 + text_width(scale_title + ":", kFontSize) + 10;
  const int swatches = has_values && high > low ? 5 : (has_values ? 1 : 0);
  for (int i = 0; i < swatches; ++i) {
    const double value = swatches == 1 ? low : low + (high - low) * i / (swatches - 1);
    legend += rect_element(x, legend_y, 34, 12, hex_colour(scale_colour(share_of(value))), " stroke=\"#999999\"");
    legend += text_element(x + 17, legend_y + 26, significant_text(value / unit.scale), "middle", kSmallFont);
    x += 44;
  }
  legend += rect_element(x + 6, legend_y, 34, 12, kMissingColour, " stroke=\"#999999\"");
  legend += text_element(x + 23, legend_y + 26, "n/a", "middle", kSmallFont);
  legend_y += 40;
  x = 12;
  if (!map.outlier_legend.empty()) {
    legend += rect_element(x, legend_y, 26, 16, "#ffffff", std::string(" stroke=\"") + kAlertColour + "\" stroke-width=\"3\"");
    legend += alert_badge(x + 13, legend_y + 8);
    legend += text_element(x + 34, legend_y + 12, map.outlier_legend, "start", kFontSize);
    x += 34 + text_width(map.outlier_legend, kFontSize) + 24;
  }
  if (!map.flagged_legend.empty()) {
    legend += text_element(x, legend_y + 12, "name (!)", "start", kFontSize, kAlertColour, " font-weight=\"bold\"");
    legend += text_element(x + text_width("name (!)", kFontSize) + 8, legend_y + 12, map.flagged_legend, "start", kFontSize);
  }
  const double height = legend_y + 28;

  std::string svg = svg_start(width, height, map.title);
  svg += text_element(left + grid_width / 2, 48, map.column_title, "middle", kFontSize, kTextColour, " font-style=\"italic\"");
  const double row_title_y = top + grid_height / 2;
  svg += text_element(16, row_title_y, map.row_title, "middle", kFontSize, kTextColour,
                      " font-style=\"italic\" transform=\"rotate(-90 16 " + number(row_title_y) + ")\"");
  for (std::size_t column = 0; column < columns; ++column) {
    const HeatMapLabel& label = map.columns[column];
    const std::string fill = label.flagged ? kAlertColour : kTextColour;
    const std::string weight = label.flagged ? " font-weight=\"bold\"" : "";
    const double cx = left + cell_width * (static_cast<double>(column) + 0.5);
    if (rotate_columns) {
      svg += text_element(cx, top - 6, label_text(label), "start", kFontSize, fill,
                          weight + " transform=\"rotate(-45 " + number(cx) + " " + number(top - 6) + ")\"");
    } else {
      svg += text_element(cx, top - 6, label_text(label), "middle", kFontSize, fill, weight);
    }
  }
  for (std::size_t row = 0; row < rows; ++row) {
    const HeatMapLabel& label = map.rows[row];
    const double cy = top + cell_height * (static_cast<double>(row) + 0.5);
    svg += text_element(left - 8, cy + 4, label_text(label), "end", kFontSize, label.flagged ? kAlertColour : kTextColour,
                        label.flagged ? " font-weight=\"bold\"" : "");
    for (std::size_t column = 0; column < columns; ++column) {
      const HeatMapCell* cell = cell_at(row, column);
      const double x0 = left + cell_width * static_cast<double>(column);
      const double y0 = top + cell_height * static_cast<double>(row);
      const bool measured = cell && cell->value && std::isfinite(*cell->value);
      std::string description = map.rows[row].text + " -> " + map.columns[column].text + ": " +
                                (measured ? value_text(map.kind, *cell->value) : std::string("not measured"));
      if (cell && cell->outlier) description += " (outlier)";
      if (cell && !cell->note.empty()) description += "; " + cell->note;
      svg += "<g>" + tooltip(description) + "\n";
      const Rgb colour = measured ? scale_colour(share_of(*cell->value)) : Rgb{240, 240, 240};
      svg += rect_element(x0, y0, cell_width, cell_height, measured ? hex_colour(colour) : kMissingColour,
                          " stroke=\"#ffffff\" stroke-width=\"1\"");
      if (values_in_cells) {
        svg += text_element(x0 + cell_width / 2, y0 + cell_height / 2 + 4,
                            measured ? significant_text(*cell->value / unit.scale) : "n/a", "middle", kSmallFont,
                            measured ? text_colour_on(colour) : "#888888");
      }
      if (cell && cell->outlier) {
        svg += rect_element(x0 + 2, y0 + 2, cell_width - 4, cell_height - 4, "none",
                            std::string(" stroke=\"") + kAlertColour + "\" stroke-width=\"3\"");
        svg += alert_badge(x0 + cell_width - 8, y0 + 8);
      }
      svg += "</g>\n";
    }
  }
  svg += legend;
  svg += "</svg>\n";
  return svg;
}

std::string timeline_svg(const Timeline& timeline) {
  const double width = 960;
  const double lane_height = 26;
  const double lane_gap = 8;
  const double compute_share = 0.62;  // of the lane; transfers take the rest below
  double end = 0;
  for (const TimelineBar& bar : timeline.bars) {
    if (std::isfinite(bar.end_s)) end = std::max(end, bar.end_s);
    if (std::isfinite(bar.start_s)) end = std::max(end, bar.start_s);
  }
  AxisLayout axis = layout_axis({"time from the step's start", AxisScale::linear, ValueKind::seconds, true}, {0.0, end});
  if (end > 0) {
    // The step ends the axis: round ticks past it would only widen the empty margin.
    axis.high = end;
    axis.ticks.erase(std::remove_if(axis.ticks.begin(), axis.ticks.end(), [end](const Tick& tick) { return tick.value > end; }),
                     axis.ticks.end());
  }
  double label_width = 0;
  for (const std::string& lane : timeline.lanes) label_width = std::max(label_width, text_width(lane, kFontSize));
  const double left = 12 + label_width + 10;
  const double right = width - 24;
  axis.from = left;
  axis.to = right;
  const double top = 40;
  const double lanes_height = (lane_height + lane_gap) * static_cast<double>(timeline.lanes.size());
  const double axis_y = top + lanes_height;

  std::vector<LegendItem> legend = {
      {rect_element(0, 1, 24, 10, chart_colour(0)), "forward"},
      {rect_element(0, 1, 24, 10, chart_colour(1)), "backward"},
      {rect_element(0, 3, 24, 7, chart_colour(2)), "send / recv (transfer)"},
      {rect_element(0, 1, 24, 10, kIdleColour), "idle (bubble)"},
  };
  std::string legend_svg;
  const double height = draw_legend(legend_svg, legend, left, right, axis_y + 46) + 10;

  std::string svg = svg_start(width, height, timeline.title);
  for (const Tick& tick : axis.ticks) {
    const double x = axis.position(tick.value);
    svg += line_element(x, top - 4, x, axis_y, kGridColour, 1);
    svg += text_element(x, axis_y + 16, tick.label, "middle", kSmallFont);
  }
  svg += text_element((left + right) / 2, axis_y + 34, axis.title, "middle", kFontSize);
  const double step_end = axis.position(end);
  for (std::size_t lane = 0; lane < timeline.lanes.size(); ++lane) {
    const double y = top + (lane_height + lane_gap) * static_cast<double>(lane);
    svg += text_element(left - 8, y + lane_height / 2 + 4, timeline.lanes[lane], "end", kFontSize);
    // Idle is what no bar covers: the lane's background over the step.
    svg += rect_element(left, y, std::max(step_end - left, 0.0), lane_height, kIdleColour, "", tooltip(timeline.lanes[lane] + ": idle"));
  }
  for (const TimelineBar& bar : timeline.bars) {
    if (bar.lane >= timeline.lanes.size() || !std::isfinite(bar.start_s) || !std::isfinite(bar.end_s)) continue;
    const double lane_top = top + (lane_height + lane_gap) * static_cast<double>(bar.lane);
    const double x0 = axis.position(std::min(bar.start_s, bar.end_s));
    const double x1 = axis.position(std::max(bar.start_s, bar.end_s));
    double y = lane_top;
    double bar_height = lane_height;
    std::string colour = kIdleColour;
    switch (bar.activity) {
      case TimelineActivity::forward: colour = chart_colour(0); bar_height = lane_height * compute_share; break;
      case TimelineActivity::backward: colour = chart_colour(1); bar_height = lane_height * compute_share; break;
      case TimelineActivity::transfer:
        colour = chart_colour(2);
        y = lane_top + lane_height * compute_share;
        bar_height = lane_height * (1 - compute_share);
        break;
      case TimelineActivity::idle: break;
    }
    // At least a hairline: a short transfer must not vanish.
    svg += rect_element(x0, y, std::max(x1 - x0, 0.8), bar_height, colour,
                        bar.activity == TimelineActivity::transfer ? " fill-opacity=\"0.85\"" : " stroke=\"#ffffff\" stroke-width=\"0.5\"",
                        tooltip(bar.label));
  }
  svg += line_element(left, axis_y, right, axis_y, kAxisColour, 1);
  svg += legend_svg;
  svg += "</svg>\n";
  return svg;
}

}  // namespace commbench
