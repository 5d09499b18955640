#include "reports/render/svg_elements.hpp"

#include <cmath>

#include "reports/format/escaped_text.hpp"
#include "reports/format/number_text.hpp"

namespace commbench::svg {

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
                         const std::string& fill, const std::string& extra) {
  return "<text" + attribute("x", x) + attribute("y", y) + " text-anchor=\"" + anchor + "\"" +
         attribute("font-size", font_size) + " fill=\"" + fill + "\"" + extra + ">" + html_text(text) + "</text>\n";
}

std::string line_element(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                         const std::string& extra) {
  return "<line" + attribute("x1", x1) + attribute("y1", y1) + attribute("x2", x2) + attribute("y2", y2) +
         " stroke=\"" + stroke + "\"" + attribute("stroke-width", width) + extra + "/>\n";
}

std::string rect_element(double x, double y, double width, double height, const std::string& fill,
                         const std::string& extra, const std::string& content) {
  const std::string open = "<rect" + attribute("x", x) + attribute("y", y) + attribute("width", width) +
                           attribute("height", height) + " fill=\"" + fill + "\"" + extra;
  return content.empty() ? open + "/>\n" : open + ">" + content + "</rect>\n";
}

// The "!" badge of an outlier or a flagged label, centred at (x, y).
std::string alert_badge(double x, double y) {
  return "<circle" + attribute("cx", x) + attribute("cy", y) + attribute("r", 6.5) +
         " fill=\"#ffffff\" stroke=\"" + kAlertColour + "\" stroke-width=\"1.5\"/>\n" +
         text_element(x, y + 4, "!", "middle", kSmallFont, kAlertColour, " font-weight=\"bold\"");
}

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

}  // namespace commbench::svg
