// A collectives report held against a prediction: each measured row with the predicted row of
// the same collective, size and ranks.
#include "reports/judge/comparison_kinds.hpp"

#include <set>

#include "reports/format/text_join.hpp"

namespace commbench::compare_kinds {
namespace {

// The prediction's row for a measured one: the same collective, size and ranks, and for native
// the library's own pick as the model has it; for an explicit algorithm that algorithm (with the
// protocol NCCL would pick, else any of its protocols).
const PredictionRow* predicted_row(const PredictionReport& prediction, const Result& measured) {
  const bool native = measured.algorithm == kNativeRequest;
  const PredictionRow* same_algorithm = nullptr;
  for (const PredictionRow& row : prediction.rows) {
    if (row.collective != measured.collective || row.bytes != measured.bytes || row.ranks != measured.ranks) continue;
    if (row.requested == measured.algorithm) return &row;
    if (!native && same_algorithm == nullptr && !row.assumed && row.algorithm == measured.algorithm) {
      same_algorithm = &row;
    }
  }
  return same_algorithm;
}

std::string ranks_text(const std::set<int>& ranks) {
  std::vector<std::string> counts;
  for (int count : ranks) counts.push_back(std::to_string(count));
  return joined(counts);
}

std::vector<std::string> prediction_notes(const PredictionReport& prediction, const RunReport& measured,
                                          std::size_t matched_rows) {
  std::vector<std::string> notes;
  const PredictionConfig& config = prediction.config;
  std::set<int> measured_ranks;
  for (const Result& r : measured.results) measured_ranks.insert(r.ranks);
  if (!measured_ranks.empty() && measured_ranks.count(config.ranks) == 0) {
    notes.push_back("the ranks differ: measured " + ranks_text(measured_ranks) + ", predicted " +
                    std::to_string(config.ranks) + " (" + std::to_string(config.nodes) + " node(s) x " +
                    std::to_string(config.gpus_per_node) + "), so no row matches; predict with --nodes and "
                    "--gpus-per-node that make the measured ranks");
  }
  if (measured.model && measured.model->fabric_source != config.fabric) {
    notes.push_back("the fabrics differ: the measured run was modelled on " + measured.model->fabric_source +
                    ", the prediction is for " + config.fabric);
  }
  if (!measured.meta.backend.empty() && measured.meta.backend != config.family) {
    notes.push_back("measured with the " + measured.meta.backend + " backend, predicted by the " + config.family +
                    " model family, which models what another library runs");
  }
  if (matched_rows < prediction.rows.size()) {
    notes.push_back(std::to_string(prediction.rows.size() - matched_rows) + " of the prediction's " +
                    std::to_string(prediction.rows.size()) +
                    " rows have no measured row (sizes, collectives, algorithms or ranks the run did not measure)");
  }
  if (measured.outcome.status != RunStatus::complete) {
    notes.push_back("the measured run did not finish (" + measured.outcome.failure_kind +
                    (measured.outcome.failure.empty() ? "" : ": " + measured.outcome.failure) +
                    "); what it did not reach is not compared");
  }
  return notes;
}

}  // namespace

KindComparison prediction_comparison(const PredictionReport& prediction, const RunReport& measured,
                                     const ComparisonOptions& options) {
  const std::string from = min_bytes_text(options);
  KindComparison result{kCollectiveKeyColumns,
                        {"bus_bw of sizes from " + from + ": a measurement below the prediction by more than " +
                             percent_text(options.threshold) + " is flagged",
                         latency_rule("time_s of sizes below " + from, options)},
                        {},
                        {}};
  std::set<const PredictionRow*> matched;
  for (const Result& r : measured.results) {
    result.cases.candidate.push_back(result_case(r, options));
    if (const PredictionRow* row = predicted_row(prediction, r)) {
      result.cases.baseline.push_back({result_key(r), "", {collective_metric(r.bytes, row->bus_bw, row->time_s, options)}});
      matched.insert(row);
    }
  }
  result.notes = prediction_notes(prediction, measured, matched.size());
  return result;
}

}  // namespace commbench::compare_kinds
