// The linkcheck section: per report the host-by-host bandwidth heat map and matrices, outliers and
// suspect hosts.
#include "reports/render/document_sections.hpp"

#include <algorithm>
#include <optional>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/render/document_parts.hpp"
#include "reports/render/report_figures.hpp"

namespace commbench::report_sections {
namespace {

DocumentText host_label(const LinkMatrix& matrix, std::size_t host) {
  return matrix.suspect[host] ? warning(matrix.hosts[host] + " (suspect)") : plain(matrix.hosts[host]);
}

// The matrix as a table: the sender down, the receiver across, flagged cells marked.
DocumentTable link_matrix_table(const std::string& caption, const LinkMatrix& matrix, bool latency, const DisplayUnit& unit) {
  std::vector<std::pair<std::string, bool>> columns = {{"sender \\ receiver", false}};
  for (std::size_t host = 0; host < matrix.hosts.size(); ++host) {
    columns.push_back({matrix.hosts[host] + (matrix.suspect[host] ? " (suspect)" : ""), true});
  }
  DocumentTable table = make_table(caption, columns);
  for (std::size_t from = 0; from < matrix.hosts.size(); ++from) {
    std::vector<DocumentText> row{host_label(matrix, from)};
    for (std::size_t to = 0; to < matrix.hosts.size(); ++to) {
      const LinkMatrixCell& cell = matrix.cells[from][to];
      const std::optional<double> value = latency ? cell.latency_s : cell.bandwidth;
      if (!value) {
        row.push_back(plain("-"));
        continue;
      }
      const std::string text = formatted_number(*value / unit.scale >= 100 ? "%.0f" : "%.3g", *value / unit.scale);
      const bool outlier = latency ? cell.latency_outlier : cell.bandwidth_outlier;
      row.push_back(outlier ? warning(text + " outlier") : plain(text));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

DocumentChart link_heat_map(const LinkMatrix& matrix, const NamedReport& named) {
  HeatMap map;
  map.title = named.name + ": inter-host bandwidth";
  map.row_title = "sender";
  map.column_title = "receiver";
  map.kind = ValueKind::bytes_per_second;
  map.value_title = "bandwidth";
  map.outlier_legend = "outlier link (bandwidth or latency)";
  map.flagged_legend = "suspect host";
  for (std::size_t host = 0; host < matrix.hosts.size(); ++host) {
    map.rows.push_back({matrix.hosts[host], matrix.suspect[host]});
    map.columns.push_back({matrix.hosts[host], matrix.suspect[host]});
  }
  for (const auto& cells : matrix.cells) {
    std::vector<HeatMapCell> row;
    for (const LinkMatrixCell& cell : cells) {
      std::vector<std::string> notes;
      if (cell.latency_s) notes.push_back("latency " + value_text(ValueKind::seconds, *cell.latency_s));
      if (cell.bandwidth_outlier) notes.push_back("bandwidth outlier");
      if (cell.latency_outlier) notes.push_back("latency outlier");
      row.push_back({cell.bandwidth, cell.bandwidth_outlier || cell.latency_outlier, joined(notes, ", ")});
    }
    map.cells.push_back(std::move(row));
  }
  return {"linkcheck-heatmap", named.report->path,
          "Bandwidth from each host (row) to each other host (column); outlined with \"!\": an outlier link; "
          "\"(!)\": a suspect host.",
          map};
}

}  // namespace

DocumentSection linkcheck_section(const ReportsOf<LinkcheckReport>& reports) {
  DocumentSection section{"linkcheck", "Links", {}};
  for (const auto& [report, named] : reports) {
    const LinkMatrix matrix = inter_host_link_matrix(*report);
    section.blocks.push_back(DocumentHeading{named.name + ": " + std::to_string(matrix.hosts.size()) + " hosts"});
    section.blocks.push_back(DocumentParagraph{plain(
        "Bandwidth measured with " + byte_size_text(static_cast<double>(report->bandwidth_bytes)) + " messages, latency with " +
        byte_size_text(static_cast<double>(report->latency_bytes)) + "; a link is an outlier below " +
        formatted_number("%.2f", report->outlier_fraction) + " x the median bandwidth or above " +
        formatted_number("%.2f", report->latency_factor) + " x the median latency. Inter-host median: " +
        value_text(ValueKind::bytes_per_second, report->median_inter_host_bandwidth) + ", " +
        value_text(ValueKind::seconds, report->median_inter_host_latency_s) + ".")});
    section.blocks.push_back(link_heat_map(matrix, named));
    double largest_bandwidth = 0;
    for (const auto& cells : matrix.cells) {
      for (const LinkMatrixCell& cell : cells) largest_bandwidth = std::max(largest_bandwidth, cell.bandwidth.value_or(0));
    }
    const DisplayUnit bandwidth_unit = display_unit(ValueKind::bytes_per_second, largest_bandwidth);
    const DisplayUnit latency_unit = display_unit(ValueKind::seconds, report->median_inter_host_latency_s);
    section.blocks.push_back(link_matrix_table(named.name + ": inter-host bandwidth (" + bandwidth_unit.name + ")", matrix,
                                               false, bandwidth_unit));
    section.blocks.push_back(link_matrix_table(named.name + ": inter-host latency (" + latency_unit.name + ")", matrix,
                                               true, latency_unit));
    std::vector<DocumentText> findings;
    for (const std::string& outlier : report->outliers) findings.push_back(warning("outlier: " + outlier));
    for (const HostLinkVerdict& host : report->hosts) {
      if (host.suspect) findings.push_back(warning("suspect host " + host.name + ": " + host.reason));
    }
    if (findings.empty()) findings.push_back(plain("no outlier link and no suspect host"));
    section.blocks.push_back(DocumentList{findings});
  }
  return section;
}

}  // namespace commbench::report_sections
