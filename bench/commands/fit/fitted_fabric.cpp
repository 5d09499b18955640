#include "bench/commands/fit/fitted_fabric.hpp"

#include <algorithm>
#include <exception>
#include <set>

#include "bench/commands/fit/fit_series.hpp"
#include "reports/format/number_text.hpp"
#include "topology/cost/cost_model.hpp"

namespace commbench {
namespace {

// A 95% interval of a normal estimate is 1.96 standard errors either side.
constexpr double kNormal95 = 1.96;

std::string g(double value) { return formatted_number("%.4g", value); }

void add_note(std::string& note, const std::string& text) {
  if (!text.empty()) note += (note.empty() ? "" : "; ") + text;
}

std::vector<CostSample> series_samples(const FitSeries& series, int group_ranks) {
  std::vector<CostSample> samples;
  for (const SeriesPoint& point : series.points) {
    const double bytes = static_cast<double>(point.bytes);
    CostSample sample{point.bytes, {}, point.time_s};
    switch (series_form(series)) {
      case SeriesForm::point_to_point:
        sample.coefficients = {1, bytes, 0};
        break;
      case SeriesForm::hockney:
        sample.coefficients = {1, bytes * point.bus_bw_factor, 0};
        break;
      case SeriesForm::algorithm:
        sample.coefficients =
            single_tier_coefficients(series.collective, series.algorithm, point.bytes, series.ranks, group_ranks);
        break;
    }
    samples.push_back(sample);
  }
  return samples;
}

std::string form_text(const FitSeries& series, int group_ranks) {
  switch (series_form(series)) {
    case SeriesForm::point_to_point:
      return "point-to-point t = alpha + n beta";
    case SeriesForm::hockney:
      return "the library's algorithm is unknown: Hockney form t = alpha + n * busbw factor * beta";
    case SeriesForm::algorithm:
      return "single-tier " + series.algorithm + " coefficients" +
             (series.algorithm == "hierarchical" ? " with " + std::to_string(group_ranks) + " ranks per host" : "");
  }
  return "";
}

// The interval of 1 / x from x's: the bounds swap.
std::optional<double> inverse_uncertainty(const FittedValue& value) {
  if (!(value.ci95_low > 0)) return std::nullopt;  // the inverse has no upper bound
  return (1 / value.ci95_low - 1 / value.ci95_high) / (2 * kNormal95);
}

std::string interval_text(double low, double high, const char* unit) {
  return "[" + g(low) + ", " + g(high) + "] " + unit;
}

std::string interval_of_inverse_text(const FittedValue& value, const char* unit) {
  if (!(value.ci95_low > 0)) return "[" + g(1 / value.ci95_high) + ", unbounded] " + unit;
  return interval_text(1 / value.ci95_high, 1 / value.ci95_low, unit);
}

const char* const kUncertaintyText = "uncertainty: the interval's half width / 1.96";

// How the 95% intervals of a fit were found, as a source says it.
const char* const kBootstrapInterval = "95% bootstrap interval";
const char* const kRegimeInterval = "95% interval (Sen's for the slope, the median's for alpha)";

Quantity latency_quantity(const FabricFit& fit, const std::string& origin, const char* interval = kBootstrapInterval) {
  return {fit.latency_s.value, "",
          "commbench fit: alpha of " + origin + ", " + interval + " " +
              interval_text(fit.latency_s.ci95_low, fit.latency_s.ci95_high, "s") + "; " + kUncertaintyText,
          (fit.latency_s.ci95_high - fit.latency_s.ci95_low) / (2 * kNormal95)};
}

Quantity bandwidth_quantity(const FabricFit& fit, const std::string& origin,
                            const char* interval = kBootstrapInterval) {
  return {1 / fit.seconds_per_byte.value, "",
          "commbench fit: 1/beta of " + origin + ", " + interval + " " +
              interval_of_inverse_text(fit.seconds_per_byte, "B/s") + "; " + kUncertaintyText,
          inverse_uncertainty(fit.seconds_per_byte)};
}

Quantity reduction_quantity(const FabricFit& fit, const std::string& origin) {
  const FittedValue& gamma = *fit.reduction_seconds_per_byte;
  return {1 / gamma.value, "",
          "commbench fit: 1/gamma of " + origin + ", 95% bootstrap interval " +
              interval_of_inverse_text(gamma, "B/s") + "; " + kUncertaintyText,
          inverse_uncertainty(gamma)};
}

// Runs one fit; a refusal becomes the attempt's failure.
void attempt_fit(FitAttempt& attempt, const std::vector<CostSample>& samples, const CostFitOptions& options,
                 FabricFit identity, const std::string& note) {
  try {
    FabricFit fit = fit_cost_model(samples, options);
    std::string full = note;
    add_note(full, fit.note);
    fit.collective = identity.collective;
    fit.algorithm = identity.algorithm;
    fit.tier = identity.tier;
    fit.ranks = identity.ranks;
    fit.note = full;
    attempt.fit = fit;
    attempt.failure.clear();
  } catch (const FitError& error) {
    attempt.failure = error.what();
  }
}

// A measured tier's points fitted as `commbench fabric` fits them (latency_bandwidth_fit.hpp),
// so that fitting a measured fabric again gives the figures it was written with; a fit beyond
// kPoorFitBound is refused here as it is there.
void attempt_tier_fit(FitAttempt& attempt, const std::vector<TimedSize>& points, const std::string& tier) {
  try {
    const LatencyBandwidthFit line = fit_latency_bandwidth(points);
    if (const std::optional<std::string> poor = poor_fit_reason(line)) {
      attempt.failure = *poor + " (its figures are kept as they were)";
      return;
    }
    const double slope = 1 / line.bandwidth;
    const double slope_stderr = line.bandwidth_stderr * slope * slope;
    FabricFit fit;
    fit.collective = kPointToPointFit;
    fit.tier = tier;
    fit.ranks = 2;
    fit.points = line.points;
    fit.latency_s = {line.latency_s, line.latency_s - kNormal95 * line.latency_stderr_s,
                     line.latency_s + kNormal95 * line.latency_stderr_s};
    fit.seconds_per_byte = {slope, slope - kNormal95 * slope_stderr, slope + kNormal95 * slope_stderr};
    fit.half_bandwidth_bytes = line.half_bandwidth_bytes;
    fit.median_relative_error = line.median_relative_error;
    fit.max_relative_error = line.max_relative_error;
    fit.note = "point-to-point t = alpha + n beta per regime: " + line.note;
    attempt.fit = fit;
  } catch (const FitError& error) {
    attempt.failure = error.what();
  }
}

}  // namespace

FittedFabric fit_collectives_report(const RunReport& report, const std::string& file, const std::string& stem,
                                    const CostFitOptions& options) {
  const std::vector<FitSeries> series = fit_series(report.results);
  const int group_ranks = report.meta.hosts.empty() ? 0 : static_cast<int>(report.meta.hosts.front().ranks.size());
  FittedFabric result;
  result.attempts.resize(series.size());
  std::vector<std::vector<CostSample>> samples(series.size());
  std::vector<std::string> notes(series.size());
  std::vector<bool> beta_borrowed(series.size(), false);
  for (std::size_t i = 0; i < series.size(); ++i) {
    result.attempts[i].subject = series_name(series[i]);
    notes[i] = series_description(series[i]) + " rows; " + form_text(series[i], group_ranks);
    try {
      samples[i] = series_samples(series[i], group_ranks);
    } catch (const std::exception& error) {  // ModelError: no model for this algorithm
      result.attempts[i].failure = error.what();
    }
  }
  const auto identity = [&](std::size_t i) {
    FabricFit fit;
    fit.collective = series[i].collective;
    fit.algorithm = series[i].algorithm;
    fit.ranks = series[i].ranks;
    return fit;
  };
  // The reducing series whose model has a reduction term: their gamma is separated with a
  // borrowed beta. (An in-switch all-reduce reduces in the switch: no gamma to separate.)
  const auto has_reduction_term = [&](std::size_t i) {
    return std::any_of(samples[i].begin(), samples[i].end(),
                       [](const CostSample& sample) { return sample.coefficients.reduction_bytes != 0; });
  };
  const auto needs_beta = [&](std::size_t i) {
    return reduces(series[i].collective) && series_form(series[i]) == SeriesForm::algorithm && has_reduction_term(i);
  };
  // First every series that fits its own beta, so that a reducing one can take its beta from them.
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!result.attempts[i].failure.empty() || needs_beta(i)) continue;
    std::string note = notes[i];
    if (reduces(series[i].collective)) {
      add_note(note, series_form(series[i]) == SeriesForm::hockney
                         ? "gamma is included in beta (the library's algorithm, and so the bytes it reduces, are "
                           "unknown)"
                         : "no gamma: this algorithm's model has no reduction term");
    }
    attempt_fit(result.attempts[i], samples[i], options, identity(i), note);
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!result.attempts[i].failure.empty() || !needs_beta(i)) continue;
    std::optional<std::size_t> source;
    for (std::size_t candidate : beta_source_candidates(series, i)) {
      if (result.attempts[candidate].fit) {
        source = candidate;
        break;
      }
    }
    std::string fallback_note = notes[i];
    if (source) {
      const FabricFit& from = *result.attempts[*source].fit;
      CostFitOptions separating = options;
      separating.fit_gamma = true;
      separating.fixed_beta = from.seconds_per_byte.value;
      std::string note = notes[i];
      add_note(note, "beta held at the " + result.attempts[*source].subject + " fit's (" +
                         g(1 / from.seconds_per_byte.value) + " B/s) to separate gamma");
      attempt_fit(result.attempts[i], samples[i], separating, identity(i), note);
      if (result.attempts[i].fit) {
        beta_borrowed[i] = true;
        continue;
      }
      add_note(fallback_note, "gamma is included in beta: with beta held at the " + result.attempts[*source].subject +
                                  " fit's, " + result.attempts[i].failure);
    } else {
      add_note(fallback_note, "gamma is included in beta: no non-reducing series of " +
                                  std::to_string(series[i].ranks) + " ranks to take beta from");
    }
    attempt_fit(result.attempts[i], samples[i], options, identity(i), fallback_note);
  }

  Fabric& fabric = result.fabric;
  fabric.name = "fitted-" + stem;
  fabric.description = "Fitted by commbench fit from " + file + ", a collectives report of " +
                       std::to_string(report.meta.world_size) + " ranks on " +
                       std::to_string(report.meta.hosts.size()) + " host(s) started " + report.meta.start_time;
  for (const FitAttempt& attempt : result.attempts) {
    if (attempt.fit) fabric.fits.push_back(*attempt.fit);
  }
  // The tier's figures: the most direct measurement of one link there is.
  std::optional<std::size_t> chosen;
  const auto choose = [&](auto condition) {
    for (std::size_t i = 0; i < series.size() && !chosen; ++i) {
      if (result.attempts[i].fit && condition(i)) chosen = i;
    }
  };
  choose([&](std::size_t i) { return series_form(series[i]) == SeriesForm::point_to_point; });
  choose([&](std::size_t i) { return series_form(series[i]) == SeriesForm::algorithm && !beta_borrowed[i]; });
  choose([&](std::size_t i) { return series_form(series[i]) == SeriesForm::algorithm; });
  choose([&](std::size_t i) { return series_form(series[i]) == SeriesForm::hockney; });
  if (chosen) {
    const FabricFit& fit = *result.attempts[*chosen].fit;
    const std::string origin = "the " + result.attempts[*chosen].subject + " fit (" +
                               series_description(series[*chosen]) + " rows; " +
                               form_text(series[*chosen], group_ranks) + ") to " + file;
    FabricTier tier;
    tier.name = "fitted";
    int largest = 0;
    for (const FitSeries& one : series) largest = std::max(largest, one.ranks);
    tier.members = static_cast<std::uint64_t>(std::max(report.meta.world_size > 0 ? report.meta.world_size : largest, 1));
    tier.members_source = "the ranks of the run in " + file;
    tier.latency = latency_quantity(fit, origin);
    tier.link_bandwidth = bandwidth_quantity(fit, origin);
    fabric.tiers.push_back(tier);
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::optional<FabricFit>& fit = result.attempts[i].fit;
    if (!fit || !fit->reduction_seconds_per_byte || !(fit->reduction_seconds_per_byte->value > 0)) continue;
    fabric.reduction_bandwidth =
        reduction_quantity(*fit, "the " + result.attempts[i].subject + " fit (" + series_description(series[i]) +
                                     " rows; " + form_text(series[i], group_ranks) + ") to " + file);
    break;
  }
  return result;
}

FittedFabric fit_fabric_measurements(const Fabric& measured, const std::string& file, const std::string& stem) {
  FittedFabric result;
  Fabric& fabric = result.fabric;
  fabric = measured;
  fabric.name = "fitted-" + stem;
  fabric.description = "Fitted by commbench fit from the measurements of fabric '" + measured.name + "' in " + file;
  fabric.fits.clear();
  for (FabricTier& tier : fabric.tiers) {
    FitAttempt attempt;
    attempt.subject = "tier " + tier.name;
    std::vector<TimedSize> points;
    std::set<std::uint64_t> sizes;
    for (const FabricPoint& point : measured.measurements) {
      if (point.tier != tier.name) continue;
      points.push_back({point.bytes, point.time_s});
      sizes.insert(point.bytes);
    }
    if (points.empty()) {
      attempt.failure = "no measurements of this tier in " + file + " (its figures are kept as they were)";
    } else {
      attempt_tier_fit(attempt, points, tier.name);
    }
    if (attempt.fit) {
      const std::string origin = "tier " + tier.name + "'s " + std::to_string(points.size()) + " measurements (" +
                                 std::to_string(*sizes.begin()) + " B to " + std::to_string(*sizes.rbegin()) +
                                 " B) in " + file + ", t = alpha + n beta fitted per regime";
      tier.latency = latency_quantity(*attempt.fit, origin, kRegimeInterval);
      tier.link_bandwidth = bandwidth_quantity(*attempt.fit, origin, kRegimeInterval);
      fabric.fits.push_back(*attempt.fit);
    }
    result.attempts.push_back(attempt);
  }
  return result;
}

}  // namespace commbench
