// A timeline: one lane per stage, passes and transfers as bars on the time axis, idle time grey.
#include "reports/render/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include "reports/format/number_text.hpp"
#include "reports/render/chart_axes.hpp"
#include "reports/render/svg_elements.hpp"

namespace commbench {
namespace {

using namespace svg;  // the elements and axes every chart is drawn with

}  // namespace

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
