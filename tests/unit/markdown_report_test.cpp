// reports/render/markdown_report.hpp: the Markdown summary of `commbench report` for CI jobs. A golden
// rendering of the fixtures (tests/data/golden/report.md) pins every section, table and number;
// COMMBENCH_UPDATE_GOLDEN=1 rewrites it after an intended change (read the diff before
// committing it). Sections appear only for what is given, and what reports say cannot break the
// Markdown.
#include "reports/render/markdown_report.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "report_fixtures.hpp"

namespace commbench {
namespace {

const std::vector<std::string> kGoldenFixtures = {"collectives-cluster-a.json", "collectives-cluster-b.json",
                                                  "scaling.json",  "pipeline.json",
                                                  "gradsync.json", "linkcheck.json"};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "line N: expected ... / actual ..." for the first line where the texts differ.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream expected_lines(expected);
  std::istringstream actual_lines(actual);
  std::string want;
  std::string got;
  for (int line = 1;; ++line) {
    const bool more_expected = static_cast<bool>(std::getline(expected_lines, want));
    const bool more_actual = static_cast<bool>(std::getline(actual_lines, got));
    if (!more_expected && !more_actual) return "the texts differ only in their final newline";
    if (!more_expected || !more_actual || want != got) {
      return "line " + std::to_string(line) + ":\n  expected: " + (more_expected ? want : "(end of file)") +
             "\n  actual:   " + (more_actual ? got : "(end of file)");
    }
  }
}

TEST(MarkdownReport, MatchesTheGoldenRendering) {
  const std::string text = render_markdown_report(load_report_fixtures(kGoldenFixtures));
  const std::string golden = std::string(COMMBENCH_GOLDEN_DIR) + "/report.md";
  const char* update = std::getenv("COMMBENCH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << text;
    GTEST_SKIP() << "COMMBENCH_UPDATE_GOLDEN=1: rewrote " << golden << "; review its diff before committing it";
  }
  std::ifstream probe(golden);
  ASSERT_TRUE(probe.good()) << golden << " is missing: run this test with COMMBENCH_UPDATE_GOLDEN=1 to write it";
  const std::string expected = read_file(golden);
  if (expected != text) {
    FAIL() << "the rendering differs from " << golden << " at " << first_difference(expected, text)
           << "\n(after an intended change, rerun with COMMBENCH_UPDATE_GOLDEN=1 and review the diff)";
  }
}

TEST(MarkdownReport, SectionsOnlyForWhatIsGiven) {
  const std::string collectives = render_markdown_report({load_report_fixture("collectives-cluster-a.json")});
  EXPECT_NE(collectives.find("\n## Runs\n"), std::string::npos);
  EXPECT_NE(collectives.find("\n## Collectives\n"), std::string::npos);
  for (const char* absent : {"## Topology", "## Scaling", "## Pipeline", "## Gradient synchronization", "## Links"}) {
    EXPECT_EQ(collectives.find(absent), std::string::npos) << absent;
  }
  const std::string scaling = render_markdown_report({load_report_fixture("scaling.json")});
  EXPECT_NE(scaling.find("\n## Scaling\n"), std::string::npos);
  EXPECT_EQ(scaling.find("## Collectives"), std::string::npos);
  EXPECT_EQ(scaling.find("<svg"), std::string::npos) << "no charts in Markdown";
}

TEST(MarkdownReport, HalfPeakBreakEvenAndOutliersStandOut) {
  const std::string text = render_markdown_report(
      load_report_fixtures({"collectives-cluster-a.json", "scaling.json", "gradsync.json", "linkcheck.json"}));
  // allreduce of cluster a: its busbw still rises at 2 MiB, so the half-peak size is a lower bound.
  EXPECT_NE(text.find("| **290 KiB or more (peak at the largest size)** |"), std::string::npos);
  // The measured series stops falling at 4 GPUs.
  EXPECT_NE(text.find("| scaling.json measured | step stops falling | **4** |"), std::string::npos);
  EXPECT_NE(text.find("| **2 MiB (best)** |"), std::string::npos);
  EXPECT_NE(text.find("| fx-host2 | 120 | - | **\u26a0 28.3 outlier** |"), std::string::npos);
  EXPECT_NE(text.find("- **\u26a0 suspect host fx-host3: "), std::string::npos);
}

TEST(MarkdownReport, UnfinishedRunsWrongElementsAndGpusAreListed) {
  LoadedReport report = load_report_fixture("collectives-cluster-a.json");
  RunReport& run = std::get<RunReport>(report.content);
  run.outcome = {RunStatus::partial, "timeout", "rank 3 on node2: allreduce of 1 MiB made no progress for 300 s"};
  DeviceMeta devices;
  devices.cuda_runtime_version = "13.0";
  devices.cuda_driver_version = "13.0";
  devices.nccl_version = "2.28.9";
  devices.gpus = {{0, "node1", 0, "NVIDIA H100 80GB HBM3", "GPU-0f2a", "0000:18:00.0", 85520809984, "9.0"}};
  run.meta.devices = devices;
  run.results[1].wrong = 3;
  run.results[2].status = ResultStatus::failed;
  run.results[2].reason = "MPI_ERR_TRUNCATE";
  const std::string text = render_markdown_report({report});
  EXPECT_NE(text.find("| collectives-cluster-a.json | collectives | **\u26a0 partial (timeout)** | 4 |"), std::string::npos);
  EXPECT_NE(text.find("- **\u26a0 collectives-cluster-a.json did not finish (timeout): rank 3 on node2: allreduce of 1 "
                      "MiB made no progress for 300 s**"),
            std::string::npos);
  EXPECT_NE(text.find("| collectives-cluster-a.json | 0 | node1 | 0 | NVIDIA H100 80GB HBM3 | GPU-0f2a | 0000:18:00.0 | "
                      "79.6 GiB | 9.0 |"),
            std::string::npos);
  EXPECT_NE(text.find("- collectives-cluster-a.json: CUDA runtime 13.0, driver 13.0, NCCL 2.28.9"), std::string::npos);
  EXPECT_NE(text.find("| collectives-cluster-a.json | allreduce | 10 | 9 | **\u26a0 1** | 10 | **\u26a0 3** |"),
            std::string::npos);
  EXPECT_NE(text.find("- **\u26a0 collectives-cluster-a.json: allreduce 128 B float32 out-of-place failed: "
                      "MPI\\_ERR\\_TRUNCATE**"),
            std::string::npos);
  EXPECT_NE(text.find("| 32 B | 25.58 | **\u26a0 0.00 (3 wrong)** |"), std::string::npos) << "the row in the size table";
}

TEST(MarkdownReport, WhatReportsSayCannotBreakTheMarkdown) {
  LoadedReport report = load_report_fixture("linkcheck.json", "a|b*c_d`e<f>.json");
  std::get<LinkcheckReport>(report.content).meta.hosts[0].name = "host|one\nnext";
  const std::string text = render_markdown_report({report});
  EXPECT_NE(text.find("a\\|b\\*c\\_d\\`e&lt;f>.json"), std::string::npos);
  EXPECT_NE(text.find("host\\|one\\\\x0anext"), std::string::npos) << "a newline would end the table row";
  EXPECT_EQ(text.find("host|one"), std::string::npos);
  // Every table row keeps its cell count: as many unescaped '|' as its header.
  std::istringstream lines(text);
  std::string line;
  std::size_t header_bars = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() != '|') {
      header_bars = 0;
      continue;
    }
    std::size_t bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i) bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    if (header_bars == 0) header_bars = bars;
    EXPECT_EQ(bars, header_bars) << line;
  }
}

}  // namespace
}  // namespace commbench
