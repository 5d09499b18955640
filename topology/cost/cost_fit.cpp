#include "topology/cost/cost_fit.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <set>
#include <string>

#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

// The parameters, in the order of CostCoefficients' fields.
constexpr int kAlpha = 0, kBeta = 1, kGamma = 2;
constexpr int kParameterCount = 3;
const char* const kNames[kParameterCount] = {"alpha", "beta", "gamma"};
const char* const kUnits[kParameterCount] = {"s", "s/B", "s/B"};

using Parameters = std::array<double, kParameterCount>;

double coefficient(const CostSample& sample, int parameter) {
  const CostCoefficients& c = sample.coefficients;
  return parameter == kAlpha ? c.latency_steps : (parameter == kBeta ? c.bandwidth_bytes : c.reduction_bytes);
}

// Scaled columns whose cosine is this close to 1 (1 - cos^2 below it), or a column this
// nearly a combination of the others, are taken as dependent: exact model coefficients that
// are proportional differ from it by rounding only (about 1e-16), while any real pair of
// distinct sizes is many orders of magnitude away.
constexpr double kDependence = 1e-10;
// A parameter whose largest term is below this fraction of the time it contributes to is 0
// as far as doubles can tell; its sign is rounding, not a measurement.
constexpr double kNegligible = 1e-9;
// Standard errors beyond which a negative estimate is a finding, not noise: the 95% bound of
// a normal estimate.
constexpr double kNegativeBeyond = 1.96;

std::string g(double value) { return formatted_number("%.3g", value); }

// One weighted least-squares estimate over a choice of samples (rows) and free parameters.
struct Estimate {
  Parameters value{};   // every parameter: fitted, fixed or held at 0
  Parameters stderr_{}; // standard errors of the fitted ones; 0 for the others
  Parameters scale{};   // largest |coefficient / t| of each parameter: its term's weight
};

// Least squares of sum_i ((sum_j c_ij x_j + fixed terms - t_i) / t_i)^2 over the free
// parameters. The columns are scaled to unit length before the normal equations are formed
// and solved, so that alpha (seconds) and beta (seconds per byte, 1e9 times smaller) meet
// on equal terms. Empty when the columns are dependent (a zero column included).
std::optional<Estimate> least_squares(const std::vector<CostSample>& samples, const std::vector<std::size_t>& rows,
                                      const std::vector<int>& free, const Parameters& fixed) {
  const std::size_t k = free.size();
  double normal[kParameterCount][kParameterCount] = {};
  double right[kParameterCount] = {};
  Estimate estimate;
  estimate.value = fixed;
  for (std::size_t row : rows) {
    const CostSample& sample = samples[row];
    double fixed_terms = sample.known_s;
    for (int p = 0; p < kParameterCount; ++p) {
      if (std::find(free.begin(), free.end(), p) == free.end()) fixed_terms += coefficient(sample, p) * fixed[p];
      estimate.scale[p] = std::max(estimate.scale[p], std::fabs(coefficient(sample, p)) / sample.time_s);
    }
    const double target = (sample.time_s - fixed_terms) / sample.time_s;
    for (std::size_t a = 0; a < k; ++a) {
      const double column_a = coefficient(sample, free[a]) / sample.time_s;
      right[a] += column_a * target;
      for (std::size_t b = 0; b < k; ++b) normal[a][b] += column_a * coefficient(sample, free[b]) / sample.time_s;
    }
  }
  double norm[kParameterCount] = {};
  for (std::size_t a = 0; a < k; ++a) {
    norm[a] = std::sqrt(normal[a][a]);
    if (!(norm[a] > 0)) return std::nullopt;
  }
  // The scaled matrix has a unit diagonal; invert it by Gauss-Jordan with partial pivoting.
  double scaled[kParameterCount][2 * kParameterCount] = {};
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = 0; b < k; ++b) scaled[a][b] = normal[a][b] / (norm[a] * norm[b]);
    scaled[a][k + a] = 1;
  }
  for (std::size_t column = 0; column < k; ++column) {
    std::size_t pivot = column;
    for (std::size_t row = column + 1; row < k; ++row) {
      if (std::fabs(scaled[row][column]) > std::fabs(scaled[pivot][column])) pivot = row;
    }
    if (!(std::fabs(scaled[pivot][column]) > kDependence)) return std::nullopt;
    for (std::size_t j = 0; j < 2 * k; ++j) std::swap(scaled[column][j], scaled[pivot][j]);
    const double divisor = scaled[column][column];
    for (std::size_t j = 0; j < 2 * k; ++j) scaled[column][j] /= divisor;
    for (std::size_t row = 0; row < k; ++row) {
      if (row == column) continue;
      const double factor = scaled[row][column];
      for (std::size_t j = 0; j < 2 * k; ++j) scaled[row][j] -= factor * scaled[column][j];
    }
  }
  // 1 / (C^-1)_jj = 1 - R^2 of column j on the others: how much of it no other column explains.
  for (std::size_t a = 0; a < k; ++a) {
    if (!(1.0 / scaled[a][k + a] > kDependence)) return std::nullopt;
  }
  for (std::size_t a = 0; a < k; ++a) {
    double solution = 0;
    for (std::size_t b = 0; b < k; ++b) solution += scaled[a][k + b] * right[b] / norm[b];
    estimate.value[free[a]] = solution / norm[a];
  }
  double squares = 0;
  for (std::size_t row : rows) {
    const CostSample& sample = samples[row];
    double model = sample.known_s;
    for (int p = 0; p < kParameterCount; ++p) model += coefficient(sample, p) * estimate.value[p];
    const double relative = (model - sample.time_s) / sample.time_s;
    squares += relative * relative;
  }
  const double variance = rows.size() > k ? squares / static_cast<double>(rows.size() - k) : 0.0;
  for (std::size_t a = 0; a < k; ++a) {
    estimate.stderr_[free[a]] = std::sqrt(variance * scaled[a][k + a]) / norm[a];
  }
  return estimate;
}

std::size_t distinct_sizes(const std::vector<CostSample>& samples, const std::vector<std::size_t>& rows) {
  std::set<std::uint64_t> sizes;
  for (std::size_t row : rows) sizes.insert(samples[row].bytes);
  return sizes.size();
}

std::string parameter_list(const std::vector<int>& free) {
  std::string text;
  for (std::size_t i = 0; i < free.size(); ++i) {
    text += (i == 0 ? "" : (i + 1 == free.size() ? " and " : ", ")) + std::string(kNames[free[i]]);
  }
  return text;
}

// Names the parameter the samples cannot determine, and why, when least_squares finds the
// columns dependent: a zero column, two proportional columns, or one that the others make up.
[[noreturn]] void refuse_undetermined(const std::vector<CostSample>& samples, const std::vector<int>& free) {
  const std::size_t k = free.size();
  std::vector<std::vector<double>> columns(k);
  for (std::size_t a = 0; a < k; ++a) {
    for (const CostSample& sample : samples) columns[a].push_back(coefficient(sample, free[a]) / sample.time_s);
  }
  const auto dot = [&](std::size_t a, std::size_t b) {
    double sum = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) sum += columns[a][i] * columns[b][i];
    return sum;
  };
  for (std::size_t a = 0; a < k; ++a) {
    if (dot(a, a) > 0) continue;
    const int p = free[a];
    const std::string why = p == kGamma  ? "the collective does not reduce here; fit it without gamma"
                            : p == kBeta ? "no bytes move in this model here, e.g. a collective on 1 rank"
                                         : "the model has no latency term here";
    throw FitError(std::string(kNames[p]) + " cannot be determined: its coefficient is 0 at every size (" + why +
                   ")");
  }
  for (std::size_t a = 0; a < k; ++a) {
    for (std::size_t b = a + 1; b < k; ++b) {
      const double cosine = dot(a, b) / std::sqrt(dot(a, a) * dot(b, b));
      if (1 - cosine * cosine > kDependence) continue;
      const int first = free[a], second = free[b];
      if ((first == kBeta && second == kGamma) || (first == kGamma && second == kBeta)) {
        throw FitError("gamma cannot be separated from beta: their coefficients are proportional at every size (this "
                       "algorithm reduces a fixed share of the bytes it moves), so any split between them fits equally "
                       "well; fit it with beta fixed from a non-reducing collective");
      }
      throw FitError(std::string(kNames[second]) + " cannot be separated from " + kNames[first] +
                     ": their coefficients are proportional at every size, so any split between them fits equally "
                     "well (hold one of them fixed, or measure sizes whose " + kNames[first] + " and " +
                     kNames[second] + " terms differ in ratio)");
    }
  }
  throw FitError(parameter_list(free) + " cannot be separated: one coefficient is a combination of the others at every "
                 "size (hold beta fixed from a non-reducing collective, or fit fewer parameters)");
}

struct HeldAtZero {
  int parameter = 0;
  double fitted = 0;  // the negative estimate
  double stderr_ = 0;
};

struct Constrained {
  Estimate estimate;
  std::vector<HeldAtZero> held;
};

// The estimator: least squares, then alpha and gamma held at 0 while they come out negative
// (the most negative, in standard errors, first). refuse: the main fit, which throws
// FitError for what the data cannot give (beta <= 0, a negative beyond its uncertainty, a
// dependence); resamples instead get an empty answer for the first and are held at 0 for the
// second.
std::optional<Constrained> constrained_fit(const std::vector<CostSample>& samples,
                                           const std::vector<std::size_t>& rows, std::vector<int> free,
                                           Parameters fixed, bool refuse) {
  Constrained result;
  while (true) {
    const std::optional<Estimate> estimate = least_squares(samples, rows, free, fixed);
    if (!estimate) {
      if (refuse) refuse_undetermined(samples, free);
      return std::nullopt;
    }
    result.estimate = *estimate;
    const bool beta_free = std::find(free.begin(), free.end(), kBeta) != free.end();
    if (beta_free && !(estimate->value[kBeta] * estimate->scale[kBeta] > kNegligible)) {
      if (!refuse) return std::nullopt;
      throw FitError("beta cannot be determined: the time does not grow with the message size (fitted " +
                     g(estimate->value[kBeta]) + " s/B), so no bandwidth follows (measure larger sizes)");
    }
    int worst = -1;
    double worst_ratio = 0;
    for (int p : free) {
      const double value = estimate->value[p];
      if (p == kBeta || value >= 0) continue;
      if (-value * estimate->scale[p] <= kNegligible) {
        result.estimate.value[p] = 0;  // rounding around an exact 0
        continue;
      }
      const double ratio = estimate->stderr_[p] > 0 ? value / estimate->stderr_[p] : -INFINITY;
      if (worst < 0 || ratio < worst_ratio) {
        worst = p;
        worst_ratio = ratio;
      }
    }
    if (worst < 0) return result;
    const double value = estimate->value[worst], error = estimate->stderr_[worst];
    if (refuse && value < -kNegativeBeyond * error) {
      const std::string what = worst == kAlpha ? "the small sizes are faster than the line through the larger ones "
                                                 "allows (measure smaller sizes, or more iterations)"
                                               : "the reducing collective is faster than beta alone allows (check "
                                                 "the beta it was fixed to, or measure larger sizes)";
      throw FitError(std::string(kNames[worst]) + " cannot be determined: it comes out negative (" + g(value) + " " +
                     kUnits[worst] + ", more than " + g(kNegativeBeyond) + " standard errors of " + g(error) +
                     " below 0): " + what);
    }
    result.held.push_back({worst, value, error});
    free.erase(std::find(free.begin(), free.end(), worst));
    fixed[worst] = 0;
  }
}

// The percentile of sorted values at fraction (0..1), linear between order statistics.
double percentile(const std::vector<double>& sorted, double fraction) {
  const double position = fraction * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

FittedValue interval(double value, std::vector<double> resampled) {
  if (resampled.empty()) return {value, value, value};
  std::sort(resampled.begin(), resampled.end());
  return {value, percentile(resampled, 0.025), percentile(resampled, 0.975)};
}

void add_note(std::string& note, const std::string& text) { note += (note.empty() ? "" : "; ") + text; }

}  // namespace

std::size_t bootstrap_resamples_within_budget(std::size_t resamples, std::size_t rows) {
  if (resamples == 0 || rows == 0) return resamples;
  const std::uint64_t most = std::max<std::uint64_t>(1, kMaxBootstrapDraws / rows);
  return static_cast<std::size_t>(std::min<std::uint64_t>(resamples, most));
}

FabricFit fit_cost_model(const std::vector<CostSample>& samples, const CostFitOptions& options) {
  for (const CostSample& sample : samples) {
    if (!(sample.time_s > 0) || !std::isfinite(sample.time_s)) {
      throw FitError("a time of " + g(sample.time_s) + " s at " + std::to_string(sample.bytes) +
                     " B cannot be fitted (accepted: times > 0)");
    }
    for (int p = 0; p < kParameterCount; ++p) {
      if (!std::isfinite(coefficient(sample, p))) {
        throw FitError(std::string("the coefficient of ") + kNames[p] + " at " + std::to_string(sample.bytes) +
                       " B is not finite (accepted: the finite coefficients of a cost model)");
      }
    }
  }
  Parameters fixed{};
  std::vector<int> free{kAlpha};
  if (options.fixed_beta) {
    if (!(*options.fixed_beta > 0) || !std::isfinite(*options.fixed_beta)) {
      throw FitError("beta cannot be held at " + g(*options.fixed_beta) + " s/B (accepted: a fixed beta > 0)");
    }
    fixed[kBeta] = *options.fixed_beta;
  } else {
    free.push_back(kBeta);
  }
  if (options.fit_gamma) free.push_back(kGamma);

  std::vector<std::size_t> all(samples.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  const std::size_t sizes = distinct_sizes(samples, all);
  if (sizes < free.size() + 1) {
    throw FitError(parameter_list(free) + (options.fixed_beta ? " (beta held fixed)" : "") + " need at least " +
                   std::to_string(free.size() + 1) +
                   " distinct message sizes to fit, with one degree of freedom left for the uncertainty (got " +
                   std::to_string(sizes) + "; measure more sizes)");
  }
  const Constrained main_fit = *constrained_fit(samples, all, free, fixed, true);
  const Parameters& value = main_fit.estimate.value;

  FabricFit fit;
  fit.points = samples.size();
  for (const HeldAtZero& held : main_fit.held) {
    add_note(fit.note, std::string(kNames[held.parameter]) + " held at 0: fitted " + g(held.fitted) + " " +
                           kUnits[held.parameter] + ", within " + g(kNegativeBeyond) + " standard errors (" +
                           g(held.stderr_) + ") of 0");
  }

  // Bootstrap: every resample draws samples.size() indices whatever becomes of it, so that
  // the same seed gives the same draws. engine() % n is uniform to within n / 2^64, and
  // (unlike std::uniform_int_distribution) the same on every standard library.
  std::array<std::vector<double>, kParameterCount> resampled;
  std::size_t used = 0;
  std::mt19937_64 engine(options.seed);
  std::vector<std::size_t> rows(samples.size());
  for (std::size_t r = 0; r < options.bootstrap_resamples; ++r) {
    for (std::size_t& row : rows) row = static_cast<std::size_t>(engine() % samples.size());
    // Too few distinct sizes: the resample cannot determine the parameters (and would leave
    // no degree of freedom); skipped, as is one whose samples make the columns dependent or
    // beta non-positive (constrained_fit answers empty).
    if (distinct_sizes(samples, rows) < free.size() + 1) continue;
    const std::optional<Constrained> estimate = constrained_fit(samples, rows, free, fixed, false);
    if (!estimate) continue;
    ++used;
    for (int p = 0; p < kParameterCount; ++p) resampled[p].push_back(estimate->estimate.value[p]);
  }
  if (options.bootstrap_resamples > 0 && used < options.bootstrap_resamples) {
    add_note(fit.note, used == 0 ? "no bootstrap interval: none of the " + std::to_string(options.bootstrap_resamples) +
                                       " resamples could determine every parameter (measure more sizes)"
                                 : "bootstrap: " + std::to_string(used) + " of " +
                                       std::to_string(options.bootstrap_resamples) +
                                       " resamples used (the others had too few distinct sizes, or could not determine every "
                                       "parameter)");
  }
  fit.latency_s = interval(value[kAlpha], resampled[kAlpha]);
  fit.seconds_per_byte = options.fixed_beta ? FittedValue{value[kBeta], value[kBeta], value[kBeta]}
                                            : interval(value[kBeta], resampled[kBeta]);
  if (options.fit_gamma) fit.reduction_seconds_per_byte = interval(value[kGamma], resampled[kGamma]);
  fit.half_bandwidth_bytes = value[kAlpha] / value[kBeta];

  std::vector<double> errors;
  for (const CostSample& sample : samples) {
    double model = sample.known_s;
    for (int p = 0; p < kParameterCount; ++p) model += coefficient(sample, p) * value[p];
    errors.push_back(std::fabs(model - sample.time_s) / sample.time_s);
  }
  std::sort(errors.begin(), errors.end());
  const std::size_t middle = errors.size() / 2;
  fit.median_relative_error = errors.size() % 2 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2;
  fit.max_relative_error = errors.back();
  return fit;
}

}  // namespace commbench
