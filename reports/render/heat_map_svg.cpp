// A heat map: a matrix of values as cells shaded light to dark, flagged cells and labels marked
// with "!", and its colour scale.
#include "reports/render/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "reports/format/number_text.hpp"
#include "reports/render/chart_axes.hpp"
#include "reports/render/svg_elements.hpp"

namespace commbench {
namespace {

using namespace svg;  // the elements and axes every chart is drawn with

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

}  // namespace

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

}  // namespace commbench
