#include "reports/judge/prometheus_text.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include "reports/format/escaped_text.hpp"

namespace commbench {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

struct Sample {
  Labels labels;
  double value = 0;
};

// One metric family: the format wants its samples together, after its HELP and TYPE.
struct Family {
  std::string name;
  std::string help;
  std::vector<Sample> samples;
};

// The shortest text that reads back as the same double; NaN and infinities as the format
// spells them.
std::string sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, value);
  return std::string(text, written.ptr);
}

std::string family_text(const Family& family) {
  if (family.samples.empty()) return "";
  std::string text = "# HELP " + family.name + " " + family.help + "\n";
  text += "# TYPE " + family.name + " gauge\n";
  for (const Sample& sample : family.samples) {
    text += family.name;
    if (!sample.labels.empty()) {
      text += "{";
      for (std::size_t i = 0; i < sample.labels.size(); ++i) {
        text += (i == 0 ? "" : ",") + sample.labels[i].first + "=\"" + prometheus_label_text(sample.labels[i].second) +
                "\"";
      }
      text += "}";
    }
    text += " " + sample_value(sample.value) + "\n";
  }
  return text;
}

// The ok rows of each case (collective, dtype, op, placement, algorithm, root) at its largest
// size, and at its smallest size above 0 bytes (a 0-byte operation moves nothing).
struct CaseExtremes {
  const Result* largest = nullptr;
  const Result* smallest = nullptr;
};

using CaseKey = std::tuple<std::string, std::string, std::string, std::string, std::string, int>;

std::vector<CaseExtremes> case_extremes(const RunReport& run) {
  std::map<CaseKey, std::size_t> index;
  std::vector<CaseExtremes> cases;  // in the order the report first shows each case
  for (const Result& row : run.results) {
    if (row.status != ResultStatus::ok) continue;
    const CaseKey key{row.collective, row.dtype, row.op, row.placement, row.algorithm, row.root};
    const auto [found, inserted] = index.emplace(key, cases.size());
    if (inserted) cases.emplace_back();
    CaseExtremes& extremes = cases[found->second];
    if (extremes.largest == nullptr || row.bytes > extremes.largest->bytes) extremes.largest = &row;
    if (row.bytes > 0 && (extremes.smallest == nullptr || row.bytes < extremes.smallest->bytes)) {
      extremes.smallest = &row;
    }
  }
  return cases;
}

Labels row_labels(const std::string& report, const Result& row) {
  return {{"report", report},
          {"collective", row.collective},
          {"dtype", row.dtype},
          {"op", row.op},
          {"placement", row.placement},
          {"algorithm", row.algorithm},
          {"root", row.root >= 0 ? std::to_string(row.root) : std::string()},
          {"bytes", std::to_string(row.bytes)}};
}

}  // namespace

std::string prometheus_text(const std::vector<LoadedReport>& reports, const std::optional<GateResult>& gate) {
  Family report_ok{"commbench_report_ok",
                   "1 when the report's run finished cleanly (outcome complete, failure_kind none, no failed or "
                   "timed-out row), else 0.",
                   {}};
  Family wrong{"commbench_wrong_elements", "Wrong elements found by verification, summed over the report.", {}};
  Family busbw{"commbench_busbw_bytes_per_second",
               "Bus bandwidth in bytes per second of each case at its largest measured size (bytes label).",
               {}};
  Family latency{"commbench_latency_seconds",
                 "Time in seconds (median sample) of each case at its smallest measured size above 0 bytes "
                 "(bytes label).",
                 {}};
  Family flagged_links{"commbench_linkcheck_flagged_links",
                       "Links linkcheck flagged for low bandwidth or high latency.", {}};
  Family suspect_hosts{"commbench_linkcheck_suspect_hosts", "Hosts linkcheck names as suspects.", {}};
  Family efficiency{"commbench_scaling_efficiency",
                    "Scaling efficiency (speedup over the series' first GPU count / the GPU ratio) at each GPU count.",
                    {}};

  for (const LoadedReport& report : reports) {
    const Labels by_report{{"report", report.path}};
    report_ok.samples.push_back(
        {{{"report", report.path}, {"kind", report.kind}}, report_status_problems(report).empty() ? 1.0 : 0.0});
    if (const auto* run = std::get_if<RunReport>(&report.content)) {
      double total = 0;
      for (const Result& row : run->results) total += static_cast<double>(row.wrong);
      wrong.samples.push_back({by_report, total});
      for (const CaseExtremes& extremes : case_extremes(*run)) {
        busbw.samples.push_back({row_labels(report.path, *extremes.largest), extremes.largest->bus_bw});
        if (extremes.smallest != nullptr) {
          latency.samples.push_back({row_labels(report.path, *extremes.smallest), extremes.smallest->time_s});
        }
      }
    } else if (const auto* gradsync = std::get_if<GradsyncReport>(&report.content)) {
      wrong.samples.push_back({by_report, static_cast<double>(gradsync->wrong_total)});
    } else if (const auto* linkcheck = std::get_if<LinkcheckReport>(&report.content)) {
      double flagged = 0;
      for (const LinkMeasurement& link : linkcheck->links) {
        if (link.bandwidth_outlier || link.latency_outlier) ++flagged;
      }
      flagged_links.samples.push_back({by_report, flagged});
      suspect_hosts.samples.push_back({by_report, static_cast<double>(linkcheck->suspects.size())});
    } else if (const auto* scaling = std::get_if<ScalingReport>(&report.content)) {
      // A plan measures nothing, so it has no wrong-element count to export.
      if (scaling->measured) wrong.samples.push_back({by_report, static_cast<double>(scaling->wrong_total)});
      std::vector<const ScalingSeries*> series;
      if (scaling->measured) series.push_back(&*scaling->measured);
      for (const ScalingSeries& predicted : scaling->predicted) series.push_back(&predicted);
      for (const ScalingSeries* one : series) {
        for (const ScalingPoint& point : one->points) {
          efficiency.samples.push_back({{{"report", report.path},
                                         {"series", one->source},
                                         {"fabric", one->fabric},
                                         {"gpus", std::to_string(point.gpus)}},
                                        point.efficiency});
        }
      }
    }
  }

  std::string text;
  for (const Family* family : {&report_ok, &wrong, &busbw, &latency, &flagged_links, &suspect_hosts, &efficiency}) {
    text += family_text(*family);
  }
  if (gate) {
    text += family_text({"commbench_gate_passed", "1 when every check of the acceptance gate passed, else 0.",
                         {{{}, gate->passed() ? 1.0 : 0.0}}});
    text += family_text({"commbench_gate_checks", "Checks the acceptance gate judged, report status checks included.",
                         {{{}, static_cast<double>(gate->checks.size())}}});
    text += family_text({"commbench_gate_checks_failed", "Checks of the acceptance gate that failed.",
                         {{{}, static_cast<double>(gate->failed_count())}}});
  }
  return text;
}

}  // namespace commbench
