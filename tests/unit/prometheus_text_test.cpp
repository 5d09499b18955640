// reports/judge/prometheus_text.*: the text exposition format as a node exporter's textfile
// collector reads it (every family's HELP and TYPE before its samples, families not
// interleaved, label values escaped, values that parse as doubles), with the figures of
// reports of real runs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench/reading/acceptance_spec_file.hpp"
#include "reports/format/escaped_text.hpp"
#include "reports/judge/acceptance_gate.hpp"
#include "reports/judge/prometheus_text.hpp"
#include "reports/load/report_loader.hpp"

namespace commbench {
namespace {

LoadedReport fixture(const std::string& name) {
  LoadedReport report = load_any_report_file(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + name);
  report.path = name;
  return report;
}

std::vector<LoadedReport> all_kinds() {
  return {fixture("collectives-cluster-a.json"), fixture("linkcheck.json"), fixture("scaling.json"),
          fixture("gradsync.json"), fixture("plan.json")};
}

// One sample line, read back as the format defines it.
struct ParsedSample {
  std::string metric;
  std::map<std::string, std::string> labels;  // unescaped
  double value = 0;
};

// Reads a sample line strictly; a line the format does not allow fails the test.
ParsedSample parse_sample(const std::string& line) {
  ParsedSample sample;
  std::size_t at = line.find_first_of("{ ");
  sample.metric = line.substr(0, at);
  EXPECT_EQ(sample.metric.find_first_not_of("abcdefghijklmnopqrstuvwxyz_:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
            std::string::npos)
      << line;
  if (at != std::string::npos && line[at] == '{') {
    ++at;
    while (at < line.size() && line[at] != '}') {
      const std::size_t equals = line.find('=', at);
      const std::string name = line.substr(at, equals - at);
      EXPECT_EQ(line[equals + 1], '"') << line;
      std::string value;
      std::size_t i = equals + 2;
      for (; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] != '\\') {
          value += line[i];
          continue;
        }
        const char escaped = line[++i];
        EXPECT_TRUE(escaped == '\\' || escaped == '"' || escaped == 'n') << line;
        value += escaped == 'n' ? '\n' : escaped;
      }
      EXPECT_EQ(sample.labels.count(name), 0u) << "label " << name << " twice: " << line;
      sample.labels[name] = value;
      at = i + 1;
      if (at < line.size() && line[at] == ',') ++at;
    }
    ++at;  // '}'
  }
  EXPECT_EQ(line[at], ' ') << line;
  const std::string value_text = line.substr(at + 1);
  char* end = nullptr;
  sample.value = std::strtod(value_text.c_str(), &end);
  EXPECT_TRUE(!value_text.empty() && *end == '\0') << "value does not parse as a double: " << line;
  return sample;
}

// Every line of text, checked against the format's rules; the samples.
std::vector<ParsedSample> checked_samples(const std::string& text) {
  EXPECT_TRUE(!text.empty() && text.back() == '\n');
  std::istringstream lines(text);
  std::string line;
  std::set<std::string> helped, typed, finished;
  std::string current;
  std::vector<ParsedSample> samples;
  while (std::getline(lines, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string metric, rest;
      words >> metric >> rest;
      EXPECT_FALSE(rest.empty()) << line;
      if (line[2] == 'H') {
        EXPECT_TRUE(helped.insert(metric).second) << "HELP twice: " << line;
        if (!current.empty()) finished.insert(current);
        current = metric;
      } else {
        EXPECT_EQ(metric, current) << "TYPE without its HELP first: " << line;
        EXPECT_EQ(rest, "gauge") << line;
        typed.insert(metric);
      }
      EXPECT_EQ(finished.count(metric), 0u) << "family " << metric << " interleaved";
      continue;
    }
    ParsedSample sample = parse_sample(line);
    EXPECT_EQ(sample.metric, current) << "a sample outside its family: " << line;
    EXPECT_TRUE(helped.count(sample.metric) && typed.count(sample.metric)) << line;
    EXPECT_EQ(sample.metric.rfind("commbench_", 0), 0u) << line;
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::vector<ParsedSample> of_metric(const std::vector<ParsedSample>& samples, const std::string& metric) {
  std::vector<ParsedSample> found;
  for (const ParsedSample& sample : samples) {
    if (sample.metric == metric) found.push_back(sample);
  }
  return found;
}

const Result& row_of(const LoadedReport& report, const std::string& collective, std::uint64_t bytes) {
  for (const Result& row : std::get<RunReport>(report.content).results) {
    if (row.collective == collective && row.bytes == bytes) return row;
  }
  throw std::runtime_error("no such row");
}

TEST(PrometheusText, EveryLineFollowsTheFormat) {
  const std::vector<ParsedSample> samples = checked_samples(prometheus_text(all_kinds(), std::nullopt));
  EXPECT_GT(samples.size(), 20u);
}

TEST(PrometheusText, HeadlineFiguresOfACollectivesReport) {
  const std::vector<LoadedReport> reports = {fixture("collectives-cluster-a.json")};
  const std::vector<ParsedSample> samples = checked_samples(prometheus_text(reports, std::nullopt));

  const auto busbw = of_metric(samples, "commbench_busbw_bytes_per_second");
  EXPECT_EQ(busbw.size(), 7u);  // one per collective: one dtype, op, placement and root each
  const ParsedSample& allreduce = busbw.front();
  EXPECT_EQ(allreduce.labels.at("report"), "collectives-cluster-a.json");
  EXPECT_EQ(allreduce.labels.at("collective"), "allreduce");
  EXPECT_EQ(allreduce.labels.at("dtype"), "float32");
  EXPECT_EQ(allreduce.labels.at("op"), "sum");
  EXPECT_EQ(allreduce.labels.at("placement"), "out-of-place");
  EXPECT_EQ(allreduce.labels.at("algorithm"), "native");
  EXPECT_EQ(allreduce.labels.at("root"), "");
  EXPECT_EQ(allreduce.labels.at("bytes"), "2097152");  // the largest size
  EXPECT_EQ(allreduce.value, row_of(reports[0], "allreduce", 2097152).bus_bw);  // exactly: shortest round trip

  const auto latency = of_metric(samples, "commbench_latency_seconds");
  ASSERT_EQ(latency.size(), 7u);
  EXPECT_EQ(latency.front().labels.at("bytes"), "8");
  EXPECT_EQ(latency.front().value, row_of(reports[0], "allreduce", 8).time_s);
  for (const ParsedSample& sample : latency) {
    EXPECT_NE(sample.labels.at("bytes"), "0") << "a 0-byte operation moves nothing: " << sample.labels.at("collective");
  }
  for (const ParsedSample& sample : busbw) {
    if (sample.labels.at("collective") == "broadcast") {
      EXPECT_EQ(sample.labels.at("root"), "0");
    }
  }

  const auto wrong = of_metric(samples, "commbench_wrong_elements");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0].value, 0);
  const auto ok = of_metric(samples, "commbench_report_ok");
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].value, 1);
  EXPECT_EQ(ok[0].labels.at("kind"), "collectives");
  EXPECT_TRUE(of_metric(samples, "commbench_gate_passed").empty());
}

TEST(PrometheusText, ABrokenRunShowsInReportOkAndWrongElements) {
  std::vector<LoadedReport> reports = {fixture("collectives-cluster-a.json")};
  RunReport& run = std::get<RunReport>(reports[0].content);
  run.outcome.status = RunStatus::partial;
  run.outcome.failure_kind = "terminated";
  run.results[3].wrong = 5;
  run.results[4].wrong = 2;
  const std::vector<ParsedSample> samples = checked_samples(prometheus_text(reports, std::nullopt));
  EXPECT_EQ(of_metric(samples, "commbench_report_ok")[0].value, 0);
  EXPECT_EQ(of_metric(samples, "commbench_wrong_elements")[0].value, 7);
}

TEST(PrometheusText, LinkcheckAndScaling) {
  const std::vector<ParsedSample> samples =
      checked_samples(prometheus_text({fixture("linkcheck.json"), fixture("scaling.json")}, std::nullopt));
  EXPECT_EQ(of_metric(samples, "commbench_linkcheck_flagged_links")[0].value, 2);  // host 3's links
  EXPECT_EQ(of_metric(samples, "commbench_linkcheck_suspect_hosts")[0].value, 1);
  const auto efficiency = of_metric(samples, "commbench_scaling_efficiency");
  ASSERT_FALSE(efficiency.empty());
  EXPECT_EQ(efficiency[1].labels.at("series"), "measured");
  EXPECT_EQ(efficiency[1].labels.at("gpus"), "4");
  EXPECT_NEAR(efficiency[1].value, 0.3192, 1e-4);
}

TEST(PrometheusText, TheGatesVerdict) {
  const std::vector<LoadedReport> reports = {fixture("collectives-cluster-a.json")};
  const AcceptanceSpec spec = parse_acceptance_spec(
      R"({"kind": "acceptance", "format_version": 1, "name": "n", "checks": [{"check": "no_wrong_elements"},
          {"check": "busbw", "collective": "allreduce", "min_bytes": "1G", "busbw_at_least_GBps": 1}]})",
      "spec.json");
  const std::vector<ParsedSample> samples = checked_samples(prometheus_text(reports, evaluate_gate(spec, reports)));
  EXPECT_EQ(of_metric(samples, "commbench_gate_passed")[0].value, 0);
  EXPECT_EQ(of_metric(samples, "commbench_gate_checks")[0].value, 3);
  EXPECT_EQ(of_metric(samples, "commbench_gate_checks_failed")[0].value, 1);
  EXPECT_TRUE(of_metric(samples, "commbench_gate_passed")[0].labels.empty());
}

TEST(PrometheusText, LabelValuesAreEscaped) {
  EXPECT_EQ(prometheus_label_text("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  std::vector<LoadedReport> reports = {fixture("collectives-cluster-a.json")};
  reports[0].path = "runs/\"odd\"\\name\n.json";
  const std::vector<ParsedSample> samples = checked_samples(prometheus_text(reports, std::nullopt));
  for (const ParsedSample& sample : samples) EXPECT_EQ(sample.labels.at("report"), reports[0].path);
}

}  // namespace
}  // namespace commbench
