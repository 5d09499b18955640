#pragma once
// What `commbench report` says about a set of reports, before it is written as HTML or Markdown:
// sections of headings, paragraphs, lists, tables and charts, in plain text. Both renderers walk
// the same document, so the HTML page and the Markdown summary say the same thing in the same
// order; the HTML page adds the charts, which Markdown leaves out.
//
// A section appears only when a report feeds it: runs (always), topology, collectives, scaling,
// pipeline, gradsync, linkcheck.
#include <string>
#include <variant>
#include <vector>

#include "reports/load/loaded_report.hpp"
#include "reports/render/svg_chart.hpp"

namespace commbench {

// How a piece of text should stand out: notable (a half-peak size, a break-even, the best bucket)
// or a warning (an outlier, wrong elements, a failure), which renderers mark unmistakably.
enum class Emphasis { none, notable, warning };

struct DocumentText {
  std::string text;
  Emphasis emphasis = Emphasis::none;
};

struct DocumentHeading {  // a subsection's title
  std::string text;
};

struct DocumentParagraph {
  DocumentText text;
};

struct DocumentList {
  std::vector<DocumentText> items;
};

struct DocumentTable {
  std::string caption;  // what the table holds; HTML folds long tables under it
  std::vector<std::string> header;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<DocumentText>> rows;
  bool long_table = false;  // many rows of detail: HTML folds it (<details>), Markdown shows it whole
};

// A chart of the HTML page: <figure class="chart" data-chart="NAME" [data-report="PATH"]>.
struct DocumentChart {
  std::string name;         // "busbw:allreduce", "scaling", "pipeline-timeline", ...
  std::string report_path;  // set for charts of one report (pipeline-timeline, linkcheck-heatmap)
  std::string caption;
  std::variant<LineChart, HeatMap, Timeline> figure;
};

using DocumentBlock = std::variant<DocumentHeading, DocumentParagraph, DocumentList, DocumentTable, DocumentChart>;

struct DocumentSection {
  std::string id;  // "runs", "topology", "collectives", "scaling", "pipeline", "gradsync", "linkcheck"
  std::string title;
  std::vector<DocumentBlock> blocks;
};

struct ReportDocument {
  std::string title;
  std::vector<DocumentText> reports;  // one line per report given: its name, path and kind
  std::string reading_note;           // how the document marks what stands out
  std::vector<DocumentSection> sections;
};

// The names legends and tables call the reports by: the file name, or the whole path where two
// reports share a file name (two clusters' run.json), so that every report stays distinguishable.
std::vector<std::string> report_names(const std::vector<LoadedReport>& reports);

ReportDocument build_report_document(const std::vector<LoadedReport>& reports);

}  // namespace commbench
