#include "reports/console/gate_table.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace commbench {
namespace {

constexpr std::size_t kColumns = 4;
using TableLine = std::array<std::string, kColumns>;

std::string verdict_text(bool passed) { return passed ? "PASS" : "FAIL"; }

// Columns as wide as their widest cell, two spaces apart; the last is not padded.
std::string aligned(const TableLine& cells, const std::array<std::size_t, kColumns>& widths) {
  std::string line;
  for (std::size_t column = 0; column < kColumns; ++column) {
    line += cells[column];
    if (column + 1 < kColumns) line += std::string(widths[column] - cells[column].size() + 2, ' ');
  }
  return line + "\n";
}

}  // namespace

std::string gate_table_text(const GateResult& result) {
  std::vector<TableLine> lines{{"check", "measured", "required", "verdict"}};
  for (const CheckOutcome& check : result.checks) {
    lines.push_back({check.name, check.measured, check.required, verdict_text(check.passed)});
  }
  std::array<std::size_t, kColumns> widths{};
  for (const TableLine& line : lines) {
    for (std::size_t column = 0; column < kColumns; ++column) {
      widths[column] = std::max(widths[column], line[column].size());
    }
  }

  std::string text = "# gate" + (result.spec_name.empty() ? std::string() : ": " + result.spec_name) + "\n";
  text += aligned(lines.front(), widths);
  for (std::size_t i = 0; i < result.checks.size(); ++i) {
    text += aligned(lines[i + 1], widths);
    for (const std::string& detail : result.checks[i].details) text += "    " + detail + "\n";
  }
  const std::size_t total = result.checks.size();
  const std::size_t failed = result.failed_count();
  if (total == 0) {
    text += "gate: FAIL (no checks: nothing was judged)\n";
  } else if (result.passed()) {
    text += "gate: PASS (" + std::to_string(total) + " checks)\n";
  } else {
    text += "gate: FAIL (" + std::to_string(failed) + " of " + std::to_string(total) + " checks failed)\n";
  }
  return text;
}

}  // namespace commbench
