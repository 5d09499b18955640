#pragma once
// The SVG every chart is drawn with (line_chart_svg.cpp, heat_map_svg.cpp, timeline_svg.cpp):
// fonts and colours, coordinates as text (never "nan"), escaped attributes, the chart's frame,
// text, lines, rectangles, the "!" badge and the legend.
#include <cstddef>
#include <string>
#include <vector>

#include "reports/render/svg_chart.hpp"

namespace commbench::svg {

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

// An entry of a chart's legend.
struct LegendItem {
  std::string sample;  // SVG drawn in a 24 x 12 box whose top left is (0, 0), translated in place
  std::string text;
};

// The estimated width of text in pixels (kCharAdvance per character).
double text_width(const std::string& text, double font_size);

// A coordinate. Callers only pass finite values (unplaceable input is skipped before layout);
// the check keeps a slip from ever writing "nan" into a report.
std::string number(double value);

// ' name="value"': a coordinate, or text escaped for HTML and SVG.
std::string attribute(const char* name, double value);
std::string attribute(const char* name, const std::string& value);

// A <title> child: what a browser shows on hovering the element.
std::string tooltip(const std::string& text);

// The SVG element with its accessible name, a white background and the title line.
std::string svg_start(double width, double height, const std::string& title);

std::string text_element(double x, double y, const std::string& text, const std::string& anchor, double font_size,
                         const std::string& fill = kTextColour, const std::string& extra = "");

std::string line_element(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                         const std::string& extra = "");

std::string rect_element(double x, double y, double width, double height, const std::string& fill,
                         const std::string& extra = "", const std::string& content = "");

// The "!" badge of an outlier or a flagged label, centred at (x, y).
std::string alert_badge(double x, double y);

// One legend entry per item, flowed into rows within [left, right]; returns the bottom.
double draw_legend(std::string& svg, const std::vector<LegendItem>& items, double left, double right, double top);

}  // namespace commbench::svg
