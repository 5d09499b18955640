#include "reports/render/report_figures.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace commbench {
namespace {

using SeriesKey = std::tuple<std::string, std::string, std::string, std::string, int>;

SeriesKey key_of(const Result& row) { return {row.collective, row.algorithm, row.dtype, row.op, row.root}; }

std::vector<SizedValue> measured_values(const std::vector<BusBandwidthPoint>& points) {
  std::vector<SizedValue> values;
  for (const BusBandwidthPoint& point : points) values.push_back({static_cast<double>(point.bytes), point.bus_bw});
  return values;
}

std::vector<SizedValue> predicted_values(const std::vector<BusBandwidthPoint>& points) {
  std::vector<SizedValue> values;
  for (const BusBandwidthPoint& point : points) {
    if (point.prediction) values.push_back({static_cast<double>(point.bytes), point.prediction->bus_bw});
  }
  return values;
}

double peak_of(const std::vector<SizedValue>& values) {
  double peak = 0;
  for (const SizedValue& value : values) peak = std::max(peak, value.value);
  return peak;
}

// Fills the peak and half-peak figures of a series whose points are in place.
void add_peaks(CollectiveSeries& series) {
  const std::vector<SizedValue> measured = measured_values(series.points);
  for (const BusBandwidthPoint& point : series.points) {
    if (point.bus_bw > series.peak_bus_bw) {
      series.peak_bus_bw = point.bus_bw;
      series.peak_bytes = point.bytes;
    }
  }
  series.peak_at_largest_size =
      !series.points.empty() && series.peak_bus_bw > 0 && series.peak_bytes == series.points.back().bytes;
  series.half_peak_bytes = half_peak_bytes(measured, series.peak_bus_bw);

  const std::vector<SizedValue> predicted = predicted_values(series.points);
  series.has_predictions = !predicted.empty();
  if (!series.has_predictions) return;
  series.predicted_peak_bus_bw = peak_of(predicted);
  series.predicted_half_peak_bytes = half_peak_bytes(predicted, series.predicted_peak_bus_bw);
  series.half_predicted_peak_bytes = half_peak_bytes(measured, series.predicted_peak_bus_bw);
}

}  // namespace

std::optional<double> half_peak_bytes(const std::vector<SizedValue>& points, double reference_peak) {
  if (!(reference_peak > 0) || !std::isfinite(reference_peak)) return std::nullopt;
  const double half = reference_peak / 2;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!(points[i].value >= half)) continue;
    if (i == 0) return points[0].bytes;
    const SizedValue& below = points[i - 1];
    const SizedValue& above = points[i];
    if (!(below.bytes > 0) || !(above.bytes > below.bytes)) return above.bytes;
    // below.value < half <= above.value, so the share lies in (0, 1].
    const double share = (half - below.value) / (above.value - below.value);
    const double log_size = std::log2(below.bytes) + share * (std::log2(above.bytes) - std::log2(below.bytes));
    return std::exp2(log_size);
  }
  return std::nullopt;
}

std::vector<CollectiveSeries> collective_series(const std::vector<Result>& rows) {
  // Which placement each series draws: out-of-place when it has any ok row.
  std::vector<SeriesKey> order;
  std::map<SeriesKey, std::string> placement_of;
  for (const Result& row : rows) {
    if (row.status != ResultStatus::ok || row.bytes == 0) continue;
    const SeriesKey key = key_of(row);
    auto found = placement_of.find(key);
    if (found == placement_of.end()) {
      order.push_back(key);
      placement_of[key] = row.placement;
    } else if (row.placement == "out-of-place") {
      found->second = row.placement;
    }
  }
  std::vector<CollectiveSeries> all;
  for (const SeriesKey& key : order) {
    CollectiveSeries series;
    std::tie(series.collective, series.algorithm, series.dtype, series.op, series.root) = key;
    series.placement = placement_of.at(key);
    std::map<std::uint64_t, BusBandwidthPoint> by_size;  // the first row of a size counts
    for (const Result& row : rows) {
      if (row.status != ResultStatus::ok || row.bytes == 0 || row.placement != series.placement || key_of(row) != key) {
        continue;
      }
      by_size.emplace(row.bytes, BusBandwidthPoint{row.bytes, row.time_s, row.bus_bw, row.wrong, row.prediction});
    }
    for (const auto& entry : by_size) series.points.push_back(entry.second);
    add_peaks(series);
    all.push_back(std::move(series));
  }
  return all;
}

std::vector<CollectiveSeries> prediction_series(const PredictionReport& report) {
  std::vector<CollectiveSeries> all;
  for (const PredictedCollective& predicted : report.collectives) {
    for (const std::string& group : predicted.requested) {
      CollectiveSeries series;
      series.predicted = true;
      series.collective = predicted.collective;
      series.algorithm = group;
      series.op = "";
      for (const PredictionRow& row : report.rows) {
        if (row.collective != series.collective || row.requested != group || row.bytes == 0) continue;
        series.dtype = row.dtype;
        series.points.push_back({row.bytes, row.time_s, row.bus_bw, 0, std::nullopt});
      }
      if (series.points.empty()) continue;
      add_peaks(series);
      all.push_back(std::move(series));
    }
  }
  return all;
}

std::vector<BusBandwidthPoint> latency_points(const CollectiveSeries& series, std::uint64_t max_bytes) {
  std::vector<BusBandwidthPoint> points;
  for (const BusBandwidthPoint& point : series.points) {
    if (point.bytes <= max_bytes) points.push_back(point);
  }
  return points;
}

std::vector<CollectiveTally> collective_tallies(const std::vector<Result>& rows) {
  std::vector<CollectiveTally> tallies;
  for (const Result& row : rows) {
    auto tally = std::find_if(tallies.begin(), tallies.end(),
                              [&row](const CollectiveTally& t) { return t.collective == row.collective; });
    if (tally == tallies.end()) {
      tallies.push_back({row.collective, 0, 0, 0, 0, {}});
      tally = tallies.end() - 1;
    }
    ++tally->rows;
    if (row.status == ResultStatus::ok) {
      ++tally->ok_rows;
    } else {
      tally->not_ok.push_back(row);
    }
    if (row.check_iterations > 0) ++tally->checked_rows;
    tally->wrong += row.wrong;
  }
  return tallies;
}

LinkMatrix inter_host_link_matrix(const LinkcheckReport& report) {
  LinkMatrix matrix;
  for (const HostEntry& host : report.meta.hosts) matrix.hosts.push_back(host.name);
  // A verdict may name a host meta does not list (a report written by hand): it gets a row too.
  for (const HostLinkVerdict& verdict : report.hosts) {
    if (verdict.host >= 0 && static_cast<std::size_t>(verdict.host) >= matrix.hosts.size()) {
      matrix.hosts.resize(static_cast<std::size_t>(verdict.host) + 1);
    }
    if (verdict.host >= 0 && matrix.hosts[static_cast<std::size_t>(verdict.host)].empty()) {
      matrix.hosts[static_cast<std::size_t>(verdict.host)] = verdict.name;
    }
  }
  for (const LinkMeasurement& link : report.links) {
    const std::size_t highest = static_cast<std::size_t>(std::max(link.from_host, link.to_host));
    if (link.scope == "inter-host" && link.from_host >= 0 && link.to_host >= 0 && highest >= matrix.hosts.size()) {
      matrix.hosts.resize(highest + 1);
    }
  }
  const std::size_t count = matrix.hosts.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (matrix.hosts[i].empty()) matrix.hosts[i] = "host " + std::to_string(i);
  }
  matrix.suspect.assign(count, false);
  for (const HostLinkVerdict& verdict : report.hosts) {
    if (verdict.host >= 0 && static_cast<std::size_t>(verdict.host) < count && verdict.suspect) {
      matrix.suspect[static_cast<std::size_t>(verdict.host)] = true;
    }
  }
  matrix.cells.assign(count, std::vector<LinkMatrixCell>(count));
  for (const LinkMeasurement& link : report.links) {
    if (link.scope != "inter-host" || link.from_host < 0 || link.to_host < 0) continue;
    LinkMatrixCell& cell = matrix.cells[static_cast<std::size_t>(link.from_host)][static_cast<std::size_t>(link.to_host)];
    cell.bandwidth = cell.bandwidth ? std::min(*cell.bandwidth, link.bandwidth) : link.bandwidth;
    cell.latency_s = cell.latency_s ? std::max(*cell.latency_s, link.latency_s) : link.latency_s;
    cell.bandwidth_outlier = cell.bandwidth_outlier || link.bandwidth_outlier;
    cell.latency_outlier = cell.latency_outlier || link.latency_outlier;
  }
  return matrix;
}

std::string scaling_criterion_text(const std::string& criterion) {
  if (criterion == "step_time_stops_falling") return "step stops falling";
  if (criterion == "marginal_gain_below_threshold") return "gain below threshold";
  if (criterion == "exposed_exceeds_compute") return "exposed > compute";
  return criterion;
}

std::vector<ScalingMark> scaling_marks(const ScalingSeries& series) {
  std::map<std::uint64_t, std::vector<std::string>> by_count;
  for (const ScalingVerdict& verdict : series.verdicts) {
    if (verdict.applicable && verdict.gpus) by_count[*verdict.gpus].push_back(scaling_criterion_text(verdict.criterion));
  }
  if (series.lowest_step_gpus) by_count[*series.lowest_step_gpus].push_back("lowest step");
  std::vector<ScalingMark> marks;
  for (auto& entry : by_count) marks.push_back({entry.first, std::move(entry.second)});
  return marks;
}

}  // namespace commbench
