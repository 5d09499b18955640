#include "reports/render/html_report.hpp"

#include "reports/format/escaped_text.hpp"
#include "reports/render/report_document.hpp"
#include "reports/render/svg_chart.hpp"

namespace commbench {
namespace {

// Inline, so the page needs nothing else; system fonts only.
constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0; background: #fafafa; }
header, main { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 16px; }
h1 { font-size: 1.6em; margin: 0.4em 0; }
h2 { font-size: 1.3em; margin-top: 1.6em; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1.1em; margin-top: 1.4em; }
nav { margin: 8px 0 4px; }
nav a { margin-right: 14px; color: #0060a0; text-decoration: none; }
ul.reports { margin: 4px 0; padding-left: 20px; }
section { background: #fff; border: 1px solid #e4e4e4; border-radius: 6px; padding: 4px 20px 16px; margin: 18px 0; }
.table-wrap { overflow-x: auto; margin: 10px 0; }
table { border-collapse: collapse; font-size: 0.88em; }
caption { text-align: left; font-style: italic; padding: 4px 0; color: #444; }
th, td { border: 1px solid #ddd; padding: 3px 8px; vertical-align: top; }
th { background: #f2f4f7; text-align: left; }
td { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.prose { white-space: normal; min-width: 16em; }
strong.warning { color: #b00000; }
details { margin: 10px 0; }
summary { cursor: pointer; color: #0060a0; }
figure.chart { margin: 16px 0; }
figure.chart svg { max-width: 100%; height: auto; border: 1px solid #eee; }
p.note { color: #555; font-size: 0.9em; margin: 4px 0; }
figcaption { font-size: 0.88em; color: #444; max-width: 960px; margin-top: 4px; }
)";

constexpr std::size_t kProseLength = 32;

std::string inline_html(const DocumentText& text) {
  switch (text.emphasis) {
    case Emphasis::notable: return "<strong>" + html_text(text.text) + "</strong>";
    case Emphasis::warning: return "<strong class=\"warning\">\u26a0 " + html_text(text.text) + "</strong>";
    case Emphasis::none: break;
  }
  return html_text(text.text);
}

std::string table_html(const DocumentTable& table) {
  const auto cell_class = [&table](std::size_t column) {
    return column < table.numeric.size() && table.numeric[column] ? " class=\"num\"" : "";
  };
  std::string html = "<div class=\"table-wrap\"><table>\n";
  if (!table.caption.empty() && !table.long_table) html += "<caption>" + html_text(table.caption) + "</caption>\n";
  html += "<thead><tr>";
  for (std::size_t column = 0; column < table.header.size(); ++column) {
    html += "<th" + std::string(cell_class(column)) + ">" + html_text(table.header[column]) + "</th>";
  }
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (std::size_t column = 0; column < row.size(); ++column) {
      // Names and figures stay on one line; sentences (statements, reasons) wrap.
      const bool prose = row[column].text.size() > kProseLength;
      html += "<td" + std::string(prose ? " class=\"prose\"" : cell_class(column)) + ">" + inline_html(row[column]) +
              "</td>";
    }
    html += "</tr>\n";
  }
  html += "</tbody></table></div>\n";
  if (!table.long_table) return html;
  return "<details><summary>" + html_text(table.caption) + " (" + std::to_string(table.rows.size()) + " rows)</summary>\n" +
         html + "</details>\n";
}

struct FigureSvg {
  std::string operator()(const LineChart& chart) const { return line_chart_svg(chart); }
  std::string operator()(const HeatMap& map) const { return heat_map_svg(map); }
  std::string operator()(const Timeline& timeline) const { return timeline_svg(timeline); }
};

struct BlockHtml {
  std::string operator()(const DocumentHeading& heading) const { return "<h3>" + html_text(heading.text) + "</h3>\n"; }
  std::string operator()(const DocumentParagraph& paragraph) const { return "<p>" + inline_html(paragraph.text) + "</p>\n"; }
  std::string operator()(const DocumentList& list) const {
    std::string html = "<ul>\n";
    for (const DocumentText& item : list.items) html += "<li>" + inline_html(item) + "</li>\n";
    return html + "</ul>\n";
  }
  std::string operator()(const DocumentTable& table) const { return table_html(table); }
  std::string operator()(const DocumentChart& chart) const {
    std::string html = "<figure class=\"chart\" data-chart=\"" + html_text(chart.name) + "\"";
    if (!chart.report_path.empty()) html += " data-report=\"" + html_text(chart.report_path) + "\"";
    html += ">\n" + std::visit(FigureSvg{}, chart.figure);
    return html + "<figcaption>" + html_text(chart.caption) + "</figcaption>\n</figure>\n";
  }
};

}  // namespace

std::string render_html_report(const std::vector<LoadedReport>& reports) {
  return render_html_report(build_report_document(reports));
}

std::string render_html_report(const ReportDocument& document) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>" + html_text(document.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  html += "<header>\n<h1>" + html_text(document.title) + "</h1>\n<ul class=\"reports\">\n";
  for (const DocumentText& report : document.reports) html += "<li>" + inline_html(report) + "</li>\n";
  html += "</ul>\n<p class=\"note\">" + html_text(document.reading_note) + "</p>\n<nav>";
  // In-page anchors only: nothing the page links to is loaded.
  for (const DocumentSection& section : document.sections) {
    html += "<a href=\"#" + html_text(section.id) + "\">" + html_text(section.title) + "</a>";
  }
  html += "</nav>\n</header>\n<main>\n";
  for (const DocumentSection& section : document.sections) {
    html += "<section id=\"" + html_text(section.id) + "\">\n<h2>" + html_text(section.title) + "</h2>\n";
    for (const DocumentBlock& block : section.blocks) html += std::visit(BlockHtml{}, block);
    html += "</section>\n";
  }
  html += "</main>\n</body>\n</html>\n";
  return html;
}

}  // namespace commbench
