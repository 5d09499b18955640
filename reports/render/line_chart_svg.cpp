// A line chart: series of points against two axes (linear or logarithmic), dashed lines for
// models, labelled markers above the plot, and the legend below.
#include "reports/render/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "reports/format/number_text.hpp"
#include "reports/render/chart_axes.hpp"
#include "reports/render/svg_elements.hpp"

namespace commbench {
namespace {

using namespace svg;  // the elements and axes every chart is drawn with

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

}  // namespace

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

}  // namespace commbench
