#include "reports/render/markdown_report.hpp"

#include "reports/format/escaped_text.hpp"
#include "reports/render/report_document.hpp"

namespace commbench {
namespace {

std::string emphasised(const DocumentText& text) {
  const std::string escaped = markdown_text(text.text);
  switch (text.emphasis) {
    case Emphasis::notable: return "**" + escaped + "**";
    case Emphasis::warning: return "**\u26a0 " + escaped + "**";
    case Emphasis::none: break;
  }
  return escaped;
}

std::string table_markdown(const DocumentTable& table) {
  std::string text;
  if (!table.caption.empty()) text += "*" + markdown_text(table.caption) + "*\n\n";
  std::string header = "|";
  std::string rule = "|";
  for (std::size_t column = 0; column < table.header.size(); ++column) {
    header += " " + markdown_text(table.header[column]) + " |";
    rule += column < table.numeric.size() && table.numeric[column] ? "---:|" : "---|";
  }
  text += header + "\n" + rule + "\n";
  for (const auto& row : table.rows) {
    text += "|";
    for (const DocumentText& cell : row) text += " " + emphasised(cell) + " |";
    text += "\n";
  }
  return text;
}

struct BlockMarkdown {
  std::string operator()(const DocumentHeading& heading) const { return "### " + markdown_text(heading.text) + "\n"; }
  std::string operator()(const DocumentParagraph& paragraph) const { return emphasised(paragraph.text) + "\n"; }
  std::string operator()(const DocumentList& list) const {
    std::string text;
    for (const DocumentText& item : list.items) text += "- " + emphasised(item) + "\n";
    return text;
  }
  std::string operator()(const DocumentTable& table) const { return table_markdown(table); }
  // Charts are the HTML page's; their figures are in the tables beside them.
  std::string operator()(const DocumentChart& /*chart*/) const { return ""; }
};

}  // namespace

std::string render_markdown_report(const std::vector<LoadedReport>& reports) {
  return render_markdown_report(build_report_document(reports));
}

std::string render_markdown_report(const ReportDocument& document) {
  std::string text = "# " + markdown_text(document.title) + "\n\n";
  for (const DocumentText& report : document.reports) text += "- " + emphasised(report) + "\n";
  text += "\n" + markdown_text(document.reading_note) + "\n";
  for (const DocumentSection& section : document.sections) {
    text += "\n## " + markdown_text(section.title) + "\n";
    for (const DocumentBlock& block : section.blocks) {
      const std::string rendered = std::visit(BlockMarkdown{}, block);
      if (!rendered.empty()) text += "\n" + rendered;
    }
  }
  return text;
}

}  // namespace commbench
