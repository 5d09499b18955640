#pragma once
// How well a run's measurements agree with its cost model (docs/MODELS.md): per collective
// and algorithm, the median and 90th percentile of the absolute relative error of the
// predicted time, and the cases whose measured bus bandwidth falls below a chosen fraction of
// the predicted one. Pure functions over Result rows.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

// A case that delivered less than the chosen fraction of what the model predicts.
struct ModelShortfall {
  std::uint64_t bytes = 0;
  std::string placement;
  std::string dtype;
  std::string op;
  double measured_fraction = 0;  // measured bus_bw / predicted bus_bw
};

struct ModelAccuracy {
  std::string collective;
  std::string algorithm;          // as run ("native" or an explicit algorithm)
  std::string modelled_algorithm; // the model's algorithm (native: the fastest one of the largest size)
  std::uint64_t rows = 0;         // ok rows with a prediction
  double median_abs_relative_error = 0;
  double p90_abs_relative_error = 0;
  std::vector<ModelShortfall> shortfalls;  // in row order
};

// The report's "model" section.
struct ModelReport {
  std::string fabric_source;             // the --fabric argument: a preset's name or a file
  nlohmann::json fabric = nlohmann::json::object();  // the fabric as the model read it (docs/FABRIC.md)
  double shortfall_fraction = 0;
  std::vector<ModelAccuracy> accuracy;   // in the order the rows first appear
  std::vector<std::string> notes;        // e.g. cases the model does not cover, and why
};

// Groups the rows with a prediction by (collective, algorithm) in order of first appearance.
// Percentiles interpolate linearly between order statistics.
std::vector<ModelAccuracy> summarize_model_accuracy(const std::vector<Result>& rows, double shortfall_fraction);

}  // namespace commbench
