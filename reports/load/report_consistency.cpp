#include "reports/load/report_consistency.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "reports/format/number_text.hpp"
#include "reports/model/result.hpp"
#include "reports/model/row_conventions.hpp"

namespace commbench {
namespace {

// Thrown at the first contradiction and caught in first_inconsistency: the checks read as a
// list of rules rather than as a chain of returns.
struct Contradiction {
  ReportInconsistency inconsistency;
};

// Every digit a double holds, so that a message shows the very figures compared.
std::string figure(double value) { return formatted_number("%.17g", value); }

[[noreturn]] void contradiction(const std::string& path, const std::string& problem, const std::string& expected) {
  throw Contradiction{{path, problem, expected}};
}

// a and b agree within kFigureTolerance of scale (the magnitude of the figures a is derived
// from: for a difference such as step - compute it is the larger operand, not the result).
bool agrees(double a, double b, double scale) {
  if (a == b) return true;
  if (!std::isfinite(a) || !std::isfinite(b)) return false;
  return std::fabs(a - b) <= kFigureTolerance * std::max({std::fabs(a), std::fabs(b), std::fabs(scale)});
}

void require_figure(const std::string& path, double given, double implied, const std::string& from_what,
                    double scale = 0) {
  if (agrees(given, implied, scale)) return;
  contradiction(path, figure(given) + " contradicts " + from_what,
                figure(implied) + " within a relative " + formatted_number("%g", kFigureTolerance));
}

// lower <= upper, allowing the rounding of an average or an interpolation between samples.
void require_not_above(const std::string& lower_path, double lower, const std::string& lower_name, double upper,
                       const std::string& upper_name) {
  if (lower <= upper || agrees(lower, upper, 0)) return;
  contradiction(lower_path, lower_name + " " + figure(lower) + " is above " + upper_name + " " + figure(upper),
                lower_name + " <= " + upper_name);
}

void require_fraction(const std::string& path, double value) {
  if (value >= 0 && value <= 1) return;
  contradiction(path, figure(value) + " is not a fraction", "a figure from 0 to 1");
}

void require_ordered(const SampleStatistics& s, const std::string& path) {
  require_not_above(path + "/min", s.min, "min", s.median, "median");
  require_not_above(path + "/median", s.median, "median", s.p95, "p95");
  require_not_above(path + "/p95", s.p95, "p95", s.p99, "p99");
  require_not_above(path + "/p99", s.p99, "p99", s.max, "max");
  require_not_above(path + "/min", s.min, "min", s.mean, "mean");
  require_not_above(path + "/mean", s.mean, "mean", s.max, "max");
  require_not_above(path + "/median_ci95_low", s.median_ci95_low, "median_ci95_low", s.median, "median");
  require_not_above(path + "/median", s.median, "median", s.median_ci95_high, "median_ci95_high");
  if (!(s.stdev >= 0)) contradiction(path + "/stdev", figure(s.stdev) + " is negative", "a stdev of 0 or more");
}

// The rules every row in the collective benchmark's conventions follows, measured
// (collectives) or predicted (prediction): docs/METRICS.md.
template <typename Row>
void require_row_conventions(const Row& row, const std::string& path) {
  if (const auto size = element_size_of(row.dtype)) {
    if (row.count != row.bytes / *size || row.bytes % *size != 0) {
      contradiction(path + "/count",
                    std::to_string(row.count) + " elements of " + row.dtype + " (" + std::to_string(*size) +
                        " bytes each) contradict bytes " + std::to_string(row.bytes),
                    "count = bytes / " + std::to_string(*size) + " with no remainder");
    }
  }
  if (const auto factor = bus_bandwidth_factor_of(row.collective, row.ranks)) {
    require_figure(path + "/bus_bw_factor", row.bus_bw_factor, *factor,
                   row.collective + "'s bus-bandwidth factor for " + std::to_string(row.ranks) + " ranks");
  }
  const double bytes = static_cast<double>(row.bytes);
  if (row.time_s > 0) {
    require_figure(path + "/alg_bw", row.alg_bw, bytes / row.time_s, "bytes / time_s");
  } else if (row.alg_bw != 0) {
    contradiction(path + "/alg_bw", figure(row.alg_bw) + " with a time_s of " + figure(row.time_s),
                  "0 when time_s is not above 0");
  }
  require_figure(path + "/bus_bw", row.bus_bw, row.alg_bw * row.bus_bw_factor, "alg_bw x bus_bw_factor");
}

void require_consistent_result(const Result& row, const std::string& path) {
  require_row_conventions(row, path);
  require_ordered(row.stats_s, path + "/stats_s");
  require_figure(path + "/time_s", row.time_s, row.stats_s.median, "the median of stats_s");
  if (row.status == ResultStatus::ok && row.wrong > 0) {
    contradiction(path + "/status",
                  "\"ok\" with " + std::to_string(row.wrong) + " wrong elements",
                  "\"failed\" when wrong is above 0");
  }
  if (row.prediction && row.prediction->time_s > 0) {
    const ResultPrediction& p = *row.prediction;
    require_figure(path + "/prediction/bus_bw", p.bus_bw,
                   static_cast<double>(row.bytes) * row.bus_bw_factor / p.time_s,
                   "bytes x bus_bw_factor / the prediction's time_s");
    if (row.time_s > 0) {
      require_figure(path + "/prediction/relative_error", p.relative_error, (p.time_s - row.time_s) / row.time_s,
                     "(the prediction's time_s - time_s) / time_s", p.time_s / row.time_s);
    }
  }
}

void check(const RunReport& report) {
  for (std::size_t i = 0; i < report.results.size(); ++i) {
    require_consistent_result(report.results[i], "/results/" + std::to_string(i));
  }
  // The summary is what the rows add up to, with the size threshold the report states.
  const RunSummary& given = report.summary;
  const RunSummary rows = summarize_results(report.results, given.avg_bus_bw_min_bytes);
  const auto require_count = [](const std::string& field, std::uint64_t stated, std::uint64_t counted,
                                const std::string& what) {
    if (stated == counted) return;
    contradiction("/summary/" + field, std::to_string(stated) + " contradicts the rows' " + what,
                  std::to_string(counted));
  };
  require_count("cases", given.cases, rows.cases, "count");
  require_count("failed_cases", given.failed_cases, rows.failed_cases, "count of failed rows");
  require_count("skipped_cases", given.skipped_cases, rows.skipped_cases, "count of skipped rows");
  require_count("timed_out_cases", given.timed_out_cases, rows.timed_out_cases, "count of timed-out rows");
  require_count("wrong_total", given.wrong_total, rows.wrong_total, "sum of wrong elements");
  require_count("avg_bus_bw_min_bytes", given.avg_bus_bw_min_bytes, rows.avg_bus_bw_min_bytes,
                "threshold (0 when no ok row is that large)");
  require_count("avg_bus_bw_rows", given.avg_bus_bw_rows, rows.avg_bus_bw_rows, "count of ok rows of that size");
  require_figure("/summary/avg_bus_bw", given.avg_bus_bw, rows.avg_bus_bw, "the average of the rows' bus_bw");
}

void check(const PredictionReport& report) {
  for (std::size_t i = 0; i < report.rows.size(); ++i) {
    require_row_conventions(report.rows[i], "/rows/" + std::to_string(i));
  }
}

// The median a scope's links state lies within their figures (0 with no link of the scope).
void require_scope_median(const LinkcheckReport& report, const std::string& scope, double stated,
                          double LinkMeasurement::*figure_of, const std::string& field) {
  std::vector<double> figures;
  for (const LinkMeasurement& link : report.links) {
    if (link.scope == scope) figures.push_back(link.*figure_of);
  }
  const std::string path = "/" + field;
  if (figures.empty()) {
    if (stated != 0) contradiction(path, figure(stated) + " with no " + scope + " link", "0");
    return;
  }
  const auto [low, high] = std::minmax_element(figures.begin(), figures.end());
  if (stated < *low || stated > *high) {
    contradiction(path, figure(stated) + " is outside the " + scope + " links' figures",
                  "a median from " + figure(*low) + " to " + figure(*high));
  }
}

void check(const LinkcheckReport& report) {
  require_scope_median(report, "inter-host", report.median_inter_host_bandwidth, &LinkMeasurement::bandwidth,
                       "median_inter_host_bandwidth");
  require_scope_median(report, "inter-host", report.median_inter_host_latency_s, &LinkMeasurement::latency_s,
                       "median_inter_host_latency_s");
  require_scope_median(report, "intra-host", report.median_intra_host_bandwidth, &LinkMeasurement::bandwidth,
                       "median_intra_host_bandwidth");
  require_scope_median(report, "intra-host", report.median_intra_host_latency_s, &LinkMeasurement::latency_s,
                       "median_intra_host_latency_s");
  for (std::size_t i = 0; i < report.links.size(); ++i) {
    const LinkMeasurement& link = report.links[i];
    const std::string path = "/links/" + std::to_string(i);
    double lanes = 0, scale = 0;
    for (double lane : link.lane_bandwidth) {
      lanes += lane;
      scale += std::fabs(lane);
    }
    if (!link.lane_bandwidth.empty()) {
      require_figure(path + "/bandwidth", link.bandwidth, lanes, "the sum of lane_bandwidth", scale);
    }
    const bool inter = link.scope == "inter-host";
    const double median_bandwidth = inter ? report.median_inter_host_bandwidth : report.median_intra_host_bandwidth;
    const double median_latency = inter ? report.median_inter_host_latency_s : report.median_intra_host_latency_s;
    // The very comparison bench/commands/linkcheck/linkcheck_analysis.cpp makes, against the thresholds the report states.
    const double bandwidth_threshold = report.outlier_fraction * median_bandwidth;
    const bool slow = link.bandwidth < bandwidth_threshold;
    if (link.bandwidth_outlier != slow) {
      contradiction(path + "/bandwidth_outlier",
                    std::string(link.bandwidth_outlier ? "true" : "false") + " with a bandwidth of " +
                        figure(link.bandwidth) + " against outlier_fraction x the " + link.scope + " median, " +
                        figure(bandwidth_threshold),
                    slow ? "true" : "false");
    }
    const double latency_threshold = report.latency_factor * median_latency;
    const bool late = link.latency_s > latency_threshold;
    if (link.latency_outlier != late) {
      contradiction(path + "/latency_outlier",
                    std::string(link.latency_outlier ? "true" : "false") + " with a latency of " +
                        figure(link.latency_s) + " s against latency_factor x the " + link.scope + " median, " +
                        figure(latency_threshold) + " s",
                    late ? "true" : "false");
    }
  }
  for (std::size_t i = 0; i < report.hosts.size(); ++i) {
    const HostLinkVerdict& host = report.hosts[i];
    const std::string path = "/hosts/" + std::to_string(i);
    if (host.slow_peers < 0 || host.slow_peers > host.peers || host.peers < 0) {
      contradiction(path + "/slow_peers", std::to_string(host.slow_peers) + " of " + std::to_string(host.peers) + " peers",
                    "from 0 to peers");
    }
    if (host.suspect && host.peers < 2) {
      contradiction(path + "/suspect", "true with " + std::to_string(host.peers) + " peers",
                    "a suspect only among 2 or more peers (bench/commands/linkcheck/linkcheck_analysis.cpp)");
    }
  }
}

void check(const GradsyncReport& report) {
  std::uint64_t wrong = 0;
  for (std::size_t i = 0; i < report.cases.size(); ++i) {
    const GradsyncCase& c = report.cases[i];
    const std::string path = "/cases/" + std::to_string(i);
    require_ordered(c.step_stats_s, path + "/step_stats_s");
    require_figure(path + "/step_s", c.step_s, c.step_stats_s.median, "the median of step_stats_s");
    require_figure(path + "/compute_s", c.compute_s, c.forward_s + c.backward_s, "forward_s + backward_s",
                   std::fabs(c.forward_s) + std::fabs(c.backward_s));
    require_figure(path + "/exposed_s", c.exposed_s, c.step_s - c.compute_s, "step_s - compute_s",
                   std::max(std::fabs(c.step_s), std::fabs(c.compute_s)));
    require_fraction(path + "/overlap", c.overlap);
    wrong += c.wrong;  // a sum past 2^64 cannot match a stated total either
  }
  if (report.wrong_total != wrong) {
    contradiction("/wrong_total", std::to_string(report.wrong_total) + " contradicts the cases' sum of wrong elements",
                  std::to_string(wrong));
  }
}

void check(const PipelineReport& report) {
  for (std::size_t i = 0; i < report.runs.size(); ++i) {
    const PipelineRun& run = report.runs[i];
    const std::string path = "/runs/" + std::to_string(i);
    require_ordered(run.step, path + "/step");
    require_fraction(path + "/bubble_fraction", run.bubble_fraction);
    require_fraction(path + "/busy_fraction", run.busy_fraction);
    require_fraction(path + "/transfer_fraction", run.transfer_fraction);
    require_not_above(path + "/transfer_bandwidth_min", run.transfer_bandwidth_min, "transfer_bandwidth_min",
                      run.transfer_bandwidth_median, "transfer_bandwidth_median");
    for (std::size_t k = 0; k < run.timeline.size(); ++k) {
      const PipelineTimelineEntry& entry = run.timeline[k];
      require_not_above(path + "/timeline/" + std::to_string(k) + "/start_s", entry.start_s, "start_s", entry.end_s,
                        "end_s");
    }
  }
}

// Scaling and plan reports hold modelled figures the loader cannot recompute without the
// models (topology/); a topology report has no figures derived from others.
void check(const ScalingReport&) {}
void check(const TopologyDocument&) {}

}  // namespace

std::optional<ReportInconsistency> first_inconsistency(const ReportContent& content) {
  try {
    std::visit([](const auto& report) { check(report); }, content);
  } catch (const Contradiction& found) {
    return found.inconsistency;
  }
  return std::nullopt;
}

}  // namespace commbench
