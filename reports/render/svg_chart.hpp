#pragma once
// Charts drawn by the project as SVG text, for reports that must open anywhere with no network
// and no script: a line chart (log or linear axes, several series, dashed model predictions,
// vertical markers, a legend), a heat map (outliers outlined and marked) and a timeline (one lane
// per stage or rank, bars coloured by activity).
//
// The output is deterministic (the same input gives the same bytes, so renderings can be
// golden-tested), every text is XML-escaped, and nothing in it is NaN or infinite: values a scale
// cannot place (NaN, infinities, zero or negatives on a log axis) are skipped. The <svg> element
// carries no xmlns: it is meant to be inlined in HTML5, whose parser puts it in the SVG namespace,
// and a report must not contain a URL.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "reports/format/number_text.hpp"  // byte_size_text, significant_text

namespace commbench {

// How an axis places values.
enum class AxisScale { linear, log2, log10 };

// What an axis's values are, in SI units; it decides how ticks and tooltips print them.
enum class ValueKind {
  bytes,             // sizes, in binary units: "8 B", "1 KiB", "4 MiB"
  count,             // whole numbers (GPU counts)
  ratio,             // dimensionless numbers (speedups)
  seconds,           // durations
  bytes_per_second,  // bandwidths, in decimal units (GB/s is 1e9 bytes/s, as everywhere in the project)
  fraction,          // shares and relative errors, printed as percentages
};

// A unit to print values of one kind in: value / scale, then the name.
struct DisplayUnit {
  std::string name;  // "GB/s", "ms", "KiB", "%"; empty for counts
  double scale = 1;
};

// The unit that suits values of kind up to magnitude (absolute value): 2.5e9 bytes/s -> GB/s.
DisplayUnit display_unit(ValueKind kind, double magnitude);

// value in the unit that suits it, three significant figures (whole numbers from 100):
// "37.4 KiB", "2.81 GB/s", "412 us", "-12.5%", "16".
std::string value_text(ValueKind kind, double value);

// The fixed palette (Okabe and Ito's colour-blind-safe colours, yellow left out for contrast on
// white); index wraps around.
std::string chart_colour(std::size_t index);

struct ChartAxis {
  std::string title;  // without unit: where one unit suits the whole axis it is appended, " (GB/s)"
  AxisScale scale = AxisScale::linear;
  ValueKind kind = ValueKind::count;
  bool include_zero = true;  // linear axes: the range reaches zero (bars of bandwidth start there)
};

enum class LineStyle { solid, dashed };
enum class PointShape { circle, square, triangle, diamond, none };

struct ChartPoint {
  double x = 0;
  double y = 0;
};

struct ChartSeries {
  std::string name;
  std::vector<ChartPoint> points;  // joined in this order
  std::size_t colour = 0;          // index into the palette
  LineStyle style = LineStyle::solid;  // dashed: a model's prediction (drawn with hollow points)
  PointShape shape = PointShape::circle;
};

// A vertical line across the plot at x, labelled above it (a half-peak size, a break-even).
struct ChartMarker {
  double x = 0;
  std::string label;
  std::size_t colour = 0;
};

struct LineChart {
  std::string title;  // also the chart's accessible name (<title>)
  ChartAxis x;
  ChartAxis y;
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
};

std::string line_chart_svg(const LineChart& chart);

struct HeatMapCell {
  std::optional<double> value;  // empty: not measured (drawn grey, "n/a")
  bool outlier = false;         // outlined in red and marked with "!"
  std::string note;             // added to the cell's tooltip
};

struct HeatMapLabel {
  std::string text;
  bool flagged = false;  // e.g. a suspect host: drawn in red with "!"
};

struct HeatMap {
  std::string title;
  std::string row_title;     // what rows are, e.g. "sender"
  std::string column_title;  // e.g. "receiver"
  std::vector<HeatMapLabel> rows;
  std::vector<HeatMapLabel> columns;
  std::vector<std::vector<HeatMapCell>> cells;  // [row][column]; missing cells count as not measured
  ValueKind kind = ValueKind::bytes_per_second;
  std::string value_title;        // e.g. "bandwidth"
  std::string outlier_legend;     // what an outlined cell means, e.g. "outlier link"
  std::string flagged_legend;     // what a flagged label means, e.g. "suspect host"
};

std::string heat_map_svg(const HeatMap& map);

// What a timeline bar shows. Time in a lane that no bar covers is drawn as idle.
enum class TimelineActivity { forward, backward, transfer, idle };

struct TimelineBar {
  std::size_t lane = 0;
  double start_s = 0;
  double end_s = 0;
  TimelineActivity activity = TimelineActivity::forward;
  std::string label;  // the bar's tooltip
};

struct Timeline {
  std::string title;
  std::vector<std::string> lanes;  // top to bottom
  std::vector<TimelineBar> bars;   // transfers are drawn in the lower part of their lane, so that
                                   // a send overlapping a pass stays visible
};

std::string timeline_svg(const Timeline& timeline);

}  // namespace commbench
