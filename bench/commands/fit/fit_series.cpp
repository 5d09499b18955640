#include "bench/commands/fit/fit_series.hpp"

#include <algorithm>

#include "collectives/algorithms/explicit_algorithms.hpp"

namespace commbench {
namespace {

constexpr const char* kOutOfPlace = "out-of-place";

// A row of 0 bytes (a size below one element per rank) moves nothing: libraries return at
// once, and its time, the call's overhead alone, would decide alpha under relative weights.
bool fittable(const Result& row) { return row.status == ResultStatus::ok && row.bytes > 0; }

bool same_group(const Result& row, const FitSeries& series) {
  return row.collective == series.collective && row.algorithm == series.algorithm && row.ranks == series.ranks;
}

bool explicit_series(const FitSeries& series) {
  return series.algorithm != kNativeAlgorithm && series.collective != "sendrecv";
}

}  // namespace

std::vector<FitSeries> fit_series(const std::vector<Result>& results) {
  std::vector<FitSeries> groups;
  for (const Result& row : results) {
    if (!fittable(row)) continue;
    const auto found =
        std::find_if(groups.begin(), groups.end(), [&](const FitSeries& group) { return same_group(row, group); });
    if (found != groups.end()) continue;
    FitSeries group;
    group.collective = row.collective;
    group.algorithm = row.algorithm;
    group.ranks = row.ranks;
    groups.push_back(group);
  }
  for (FitSeries& group : groups) {
    const bool has_out_of_place = std::any_of(results.begin(), results.end(), [&](const Result& row) {
      return fittable(row) && same_group(row, group) && row.placement == kOutOfPlace;
    });
    const Result* first = nullptr;
    for (const Result& row : results) {
      if (!fittable(row) || !same_group(row, group)) continue;
      if (has_out_of_place && row.placement != kOutOfPlace) continue;
      if (first == nullptr) {
        first = &row;
        group.placement = row.placement;
        group.dtype = row.dtype;
        group.op = row.op;
        group.root = row.root;
      }
      if (row.placement == first->placement && row.dtype == first->dtype && row.op == first->op &&
          row.root == first->root) {
        group.points.push_back({row.bytes, row.time_s, row.bus_bw_factor});
      }
    }
  }
  return groups;
}

std::string series_description(const FitSeries& series) {
  std::string text = series.placement + " " + series.dtype;
  if (series.op != "none") text += " " + series.op;
  if (series.root >= 0) text += " root " + std::to_string(series.root);
  return text;
}

std::string series_name(const FitSeries& series) {
  return series.collective + " " + series.algorithm + " on " + std::to_string(series.ranks) + " ranks";
}

SeriesForm series_form(const FitSeries& series) {
  if (series.collective == "sendrecv") return SeriesForm::point_to_point;
  if (series.algorithm == kNativeAlgorithm) return SeriesForm::hockney;
  return SeriesForm::algorithm;
}

bool reduces(const std::string& collective) {
  return collective == "allreduce" || collective == "reducescatter" || collective == "reduce";
}

std::vector<std::size_t> beta_source_candidates(const std::vector<FitSeries>& series, std::size_t reducing) {
  const FitSeries& target = series.at(reducing);
  std::vector<std::size_t> candidates;
  if (!reduces(target.collective) || !explicit_series(target)) return candidates;
  const auto add_where = [&](auto condition) {
    for (std::size_t i = 0; i < series.size(); ++i) {
      const FitSeries& other = series[i];
      if (other.ranks != target.ranks || reduces(other.collective) || !condition(other)) continue;
      if (std::find(candidates.begin(), candidates.end(), i) == candidates.end()) candidates.push_back(i);
    }
  };
  add_where([&](const FitSeries& other) {
    return other.collective == "allgather" && other.algorithm == target.algorithm;
  });
  add_where([](const FitSeries& other) { return explicit_series(other); });
  add_where([](const FitSeries& other) { return other.collective == "sendrecv"; });
  return candidates;
}

}  // namespace commbench
