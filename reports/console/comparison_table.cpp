#include "reports/console/comparison_table.hpp"

#include <algorithm>
#include <cctype>

#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

// What a flagged line is: worse than the baseline, or a measurement short of its prediction.
std::string flag_word(const ReportComparison& comparison) {
  return comparison.kind == kMeasuredAgainstPredictedKind ? "shortfall" : "regression";
}

std::string flag_mark(const ReportComparison& comparison) {
  std::string mark = flag_word(comparison);
  for (char& c : mark) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return mark;
}

// A table whose columns are as wide as their widest cell; numbers are right-aligned, text
// left-aligned. The header line starts with "# " and the data lines with two spaces, so that
// the columns line up under their names.
struct AlignedTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> lines;
};

// Numbers, with or without a unit ("4194304", "-1", "2.81 GB/s", "0.93x", "+5%").
bool looks_numeric(const std::string& cell) {
  const std::size_t first = !cell.empty() && (cell.front() == '-' || cell.front() == '+') ? 1 : 0;
  return first < cell.size() && std::isdigit(static_cast<unsigned char>(cell[first]));
}

std::string aligned_text(const AlignedTable& table) {
  const std::size_t columns = table.header.size();
  std::vector<std::size_t> width(columns, 0);
  std::vector<bool> right(columns, true);
  for (std::size_t c = 0; c < columns; ++c) {
    width[c] = table.header[c].size();
    bool any = false;
    for (const auto& line : table.lines) {
      width[c] = std::max(width[c], line[c].size());
      if (line[c].empty() || line[c] == "-") continue;
      any = true;
      right[c] = right[c] && looks_numeric(line[c]);
    }
    right[c] = right[c] && any;
  }
  const auto render = [&](const std::vector<std::string>& cells, const std::string& lead) {
    std::string text = lead;
    for (std::size_t c = 0; c < columns; ++c) {
      const std::string padding(width[c] - cells[c].size(), ' ');
      text += (c == 0 ? "" : "  ") + (right[c] ? padding + cells[c] : cells[c] + padding);
    }
    text.erase(text.find_last_not_of(' ') + 1);
    return text + "\n";
  };
  std::string text = render(table.header, "# ");
  for (const auto& line : table.lines) text += render(line, "  ");
  return text;
}

std::string value_text(double value, MetricUnit unit) {
  switch (unit) {
    case MetricUnit::bytes_per_second: return formatted_number("%.4g", value / 1e9) + " GB/s";
    case MetricUnit::seconds: return duration_text(value);
    case MetricUnit::fraction: return formatted_number("%.1f", value * 100) + "%";
  }
  return formatted_number("%g", value);
}

// The change the row tolerates, signed in the bad direction: "-5%" for a bandwidth, "+5%" for a time.
std::string limit_text(const MetricComparison& row) {
  if (!row.threshold) return "-";
  return (row.direction == MetricDirection::higher_is_better ? "-" : "+") +
         formatted_number("%g", *row.threshold * 100) + "%";
}

std::string metrics_text(const ReportComparison& comparison) {
  AlignedTable table;
  table.header = comparison.key_columns;
  for (const std::string& name :
       {std::string("metric"), comparison.baseline_role, comparison.candidate_role, std::string("ratio"),
        std::string("limit"), std::string()}) {
    table.header.push_back(name);
  }
  for (const MetricComparison& row : comparison.rows) {
    std::vector<std::string> line = row.key;
    line.push_back(row.metric);
    line.push_back(value_text(row.baseline, row.unit));
    line.push_back(value_text(row.candidate, row.unit));
    line.push_back(row.ratio ? formatted_number("%.2fx", *row.ratio) : std::string("-"));
    line.push_back(limit_text(row));
    line.push_back(row.regression ? flag_mark(comparison) : "");
    table.lines.push_back(std::move(line));
  }
  return aligned_text(table);
}

std::string problems_text(const ReportComparison& comparison) {
  AlignedTable table;
  table.header = comparison.key_columns;
  for (const std::string& name : {comparison.baseline_role, comparison.candidate_role, std::string()}) {
    table.header.push_back(name);
  }
  for (const CaseProblem& problem : comparison.problems) {
    std::vector<std::string> line = problem.key;
    line.push_back(problem.baseline_problem.empty() ? "ok" : problem.baseline_problem);
    line.push_back(problem.candidate_problem.empty() ? "ok" : problem.candidate_problem);
    line.push_back(problem.regression ? flag_mark(comparison) : "");
    table.lines.push_back(std::move(line));
  }
  return aligned_text(table);
}

std::string keys_text(const std::vector<std::string>& columns, const std::vector<std::vector<std::string>>& keys) {
  return aligned_text({columns, keys});
}

std::string counted(std::uint64_t count, const std::string& singular, const std::string& plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

}  // namespace

std::string comparison_table_text(const ReportComparison& comparison) {
  const std::string& baseline = comparison.baseline_role;
  const std::string& candidate = comparison.candidate_role;
  std::string text = comparison.kind == kMeasuredAgainstPredictedKind
                         ? "# compare a measurement with a prediction: "
                         : "# compare " + comparison.kind + " reports: ";
  text += baseline + " " + comparison.baseline_path + ", " + candidate + " " + comparison.candidate_path + "\n";
  for (const std::string& rule : comparison.rules) text += "# rule: " + rule + "\n";
  for (const std::string& note : comparison.notes) text += "# note: " + note + "\n";
  text += "#\n" + metrics_text(comparison);
  if (!comparison.problems.empty()) {
    text += "#\n# not sound in both reports (not compared; a case that became unsound is a " + flag_word(comparison) +
            "):\n" +
            problems_text(comparison);
  }
  if (!comparison.only_in_baseline.empty()) {
    text += "#\n# only in the " + baseline + ":\n" + keys_text(comparison.key_columns, comparison.only_in_baseline);
  }
  if (!comparison.only_in_candidate.empty()) {
    text += "#\n# only in the " + candidate + ":\n" + keys_text(comparison.key_columns, comparison.only_in_candidate);
  }
  const ComparisonSummary s = comparison.summary();
  text += "#\n# summary: " + counted(s.compared, "metric compared", "metrics compared") + " (" +
          std::to_string(s.checked) + " checked), " + counted(s.regressions, flag_word(comparison), flag_word(comparison) + "s") + ", " +
          counted(s.problems, "case", "cases") + " not sound, " + std::to_string(s.only_in_baseline) +
          " only in the " + baseline + ", " + std::to_string(s.only_in_candidate) + " only in the " + candidate + "\n";
  return text;
}

}  // namespace commbench
