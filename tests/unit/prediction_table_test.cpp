// reports/console/prediction_table.hpp: the table of `commbench predict`, on reports built by hand. What
// a reader relies on: the header names the machine and the model family; one line per size with
// the figures in nccl-tests' units under their column names; with several column groups each
// group's time and busbw side by side, "-" where the model cannot say and the reason once below;
// the library's own pick and its channels at the end of the line.
#include "reports/console/prediction_table.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace commbench {
namespace {

PredictionRow row(const std::string& requested, const std::string& algorithm, const std::string& protocol,
                  std::uint64_t bytes, double time_s, int channels) {
  PredictionRow r;
  r.collective = "allreduce";
  r.bytes = bytes;
  r.count = bytes / 4;
  r.dtype = "float32";
  r.ranks = 16;
  r.requested = requested;
  r.algorithm = algorithm;
  r.protocol = protocol;
  r.channels = channels;
  r.assumed = requested == "native";
  r.time_s = time_s;
  r.alg_bw = static_cast<double>(bytes) / time_s;
  r.bus_bw_factor = 2.0 * 15 / 16;
  r.bus_bw = r.alg_bw * r.bus_bw_factor;
  return r;
}

PredictionReport report_of(const std::vector<std::string>& groups) {
  PredictionReport report;
  report.config.fabric = "dgx-a100";
  report.config.nodes = 2;
  report.config.gpus_per_node = 8;
  report.config.ranks = 16;
  report.config.family = "nccl";
  report.config.collective = "allreduce";
  report.collectives = {{"allreduce", groups}};
  return report;
}

// 1 MiB in 20 us: algbw 52.43 GB/s, busbw x 1.875 = 98.30 GB/s.
constexpr std::uint64_t kMebibyte = 1048576;

// Native, ring and nvls at 1 MiB and 2 MiB; nvls unavailable at both.
PredictionReport three_groups() {
  PredictionReport report = report_of({"native", "ring", "nvls"});
  report.rows = {row("native", "tree", "ll128", kMebibyte, 20e-6, 16), row("ring", "ring", "simple", kMebibyte, 40e-6, 24),
                 row("native", "ring", "simple", 2 * kMebibyte, 50e-6, 24),
                 row("ring", "ring", "simple", 2 * kMebibyte, 50e-6, 24)};
  report.unavailable = {{"allreduce", "nvls", "nvls needs an NVSwitch that reduces", {kMebibyte, 2 * kMebibyte}}};
  return report;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> data_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (const std::string& line : lines_of(text)) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

// The line that starts with prefix (the first), or "" when none does.
std::string line_starting(const std::string& text, const std::string& prefix) {
  for (const std::string& line : lines_of(text)) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return "";
}

// Where the n-th occurrence (from 0) of word ends in line: the column's right edge.
std::size_t end_of(const std::string& line, const std::string& word, int n = 0) {
  std::size_t at = line.find(word);
  for (int i = 0; i < n && at != std::string::npos; ++i) at = line.find(word, at + word.size());
  return at == std::string::npos ? std::string::npos : at + word.size();
}

TEST(PredictionTable, HeaderNamesTheMachineAndTheFamily) {
  const std::string text = prediction_table_text(three_groups());
  EXPECT_EQ(line_starting(text, "# fabric "), "# fabric dgx-a100: 2 nodes x 8 GPUs per node = 16 ranks");
  EXPECT_NE(line_starting(text, "# model family nccl: ").find("native = the pick its tuner makes, assumed"),
            std::string::npos);
  EXPECT_NE(text.find("# Collective: allreduce\n"), std::string::npos);
}

TEST(PredictionTable, SeveralGroupsStandSideBySideWithTheNativePickLast) {
  const std::string text = prediction_table_text(three_groups());
  const std::string labels = line_starting(text, "#                                   ");
  ASSERT_FALSE(labels.empty()) << text;
  EXPECT_LT(labels.find("native"), labels.find("ring"));
  EXPECT_LT(labels.find("ring"), labels.find("nvls"));
  const std::string names = line_starting(text, "#       size");
  const std::vector<std::string> lines = data_lines(text);
  ASSERT_EQ(lines.size(), 2u) << text;
  const std::string& first = lines[0];
  // Each figure ends where its column's name does.
  EXPECT_EQ(end_of(first, "1048576"), end_of(names, "size"));
  EXPECT_EQ(end_of(first, "262144"), end_of(names, "count"));
  EXPECT_EQ(end_of(first, "float32"), end_of(names, "type"));
  EXPECT_EQ(end_of(first, "20.00"), end_of(names, "time", 0));   // native
  EXPECT_EQ(end_of(first, "98.30"), end_of(names, "busbw", 0));
  EXPECT_EQ(end_of(first, "40.00"), end_of(names, "time", 1));   // ring
  EXPECT_EQ(end_of(first, "49.15"), end_of(names, "busbw", 1));
  // nvls: "-" under both of its columns.
  EXPECT_EQ(first[end_of(names, "time", 2) - 1], '-');
  EXPECT_EQ(first[end_of(names, "busbw", 2) - 1], '-');
  // The native pick and its channels close the line.
  EXPECT_NE(first.find("tree/ll128"), std::string::npos);
  EXPECT_EQ(end_of(first, "16"), first.size());
  EXPECT_EQ(end_of(names, "channels"), names.size());
  EXPECT_NE(lines[1].find("ring/simple"), std::string::npos);
}

TEST(PredictionTable, EachUnavailableGroupIsExplainedOnce) {
  const std::string text = prediction_table_text(three_groups());
  EXPECT_EQ(line_starting(text, "#  nvls unavailable"), "#  nvls unavailable: nvls needs an NVSwitch that reduces");
  PredictionReport partly = three_groups();
  partly.unavailable.front().bytes = {kMebibyte};
  EXPECT_EQ(line_starting(prediction_table_text(partly), "#  nvls unavailable"),
            "#  nvls unavailable (1 size, 1048576 B to 1048576 B): nvls needs an NVSwitch that reduces");
}

TEST(PredictionTable, OneGroupShowsTheWholeRowWithTheAssumedPick) {
  PredictionReport report = report_of({"native"});
  report.rows = {row("native", "tree", "ll128", kMebibyte, 20e-6, 16)};
  const std::string text = prediction_table_text(report);
  const std::string names = line_starting(text, "#       size");
  EXPECT_NE(names.find("time   algbw   busbw  choice"), std::string::npos) << names;
  EXPECT_NE(line_starting(text, "#        (B)").find("(assumed)"), std::string::npos);
  const std::vector<std::string> lines = data_lines(text);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(end_of(lines[0], "20.00"), end_of(names, "time"));
  EXPECT_EQ(end_of(lines[0], "52.43"), end_of(names, "algbw"));
  EXPECT_EQ(end_of(lines[0], "98.30"), end_of(names, "busbw"));
  EXPECT_EQ(lines[0].find("tree/ll128"), names.find("choice"));
  EXPECT_EQ(end_of(lines[0], "16"), end_of(names, "channels"));
}

TEST(PredictionTable, TheMpiFamilyHasRanksPerNodeAndNoChannels) {
  PredictionReport report = report_of({"native"});
  report.config.family = "mpi";
  report.config.fabric = "cpu-cluster";
  report.config.nodes = 1;
  report.config.gpus_per_node = 4;
  report.config.ranks = 4;
  PredictionRow only = row("native", "rabenseifner", "", kMebibyte, 20e-6, 0);
  report.rows = {only};
  report.notes = {"the fabric has no reduction_bandwidth: reductions are predicted to cost nothing"};
  const std::string text = prediction_table_text(report);
  EXPECT_EQ(line_starting(text, "# fabric "), "# fabric cpu-cluster: 1 node x 4 ranks per node = 4 ranks");
  const std::vector<std::string> lines = data_lines(text);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("rabenseifner "), std::string::npos);
  EXPECT_EQ(lines[0].back(), '-') << "no channels";
  EXPECT_EQ(line_starting(text, "# note: "),
            "# note: the fabric has no reduction_bandwidth: reductions are predicted to cost nothing");
}

}  // namespace
}  // namespace commbench
