#pragma once
// A sweep with --fabric: every measured case is held against the cost model's prediction on
// that fabric (topology/cost/cost_model.hpp, docs/MODELS.md), and the run ends with a summary of
// how well they agree (reports/model/model_summary.hpp).
#include <optional>
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "reports/model/model_summary.hpp"
#include "reports/model/result.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// Reads --fabric: the file of that name when one exists, else the preset of that name; either
// may be followed by ":" and switches (topology/fabric/fabric_switches.hpp, e.g. dgx-h100:nvls=off).
// Throws UsageError (one line) when it is neither, when the file is not a valid fabric, or when
// a switch is not accepted.
Fabric load_model_fabric(const std::string& fabric);

// What the MPI-style model leaves out on a fabric without a reduction_bandwidth, for a report's
// notes; nothing when the fabric has one.
std::optional<std::string> unmodelled_reduction_note(const Fabric& fabric);

class ModelComparison {
 public:
  ModelComparison(Fabric fabric, ModelSettings settings);

  // Adds the prediction to an ok row: for the row's algorithm, or for native rows the library's
  // own choice as the model predicts it (marked assumed): NCCL's tuner's algorithm and protocol
  // ("ring/simple") for rows the nccl backend ran, the fastest MPI-style algorithm for the mpi
  // backend. A case the model cannot predict gets none, and the reason becomes a note of the
  // summary.
  void annotate(Result& row);
  // The fabric the predictions come from (gradsync's and pipeline's models read it too).
  const Fabric& fabric() const { return fabric_; }
  // The report's "model" section over the rows.
  ModelReport report(const std::vector<Result>& rows) const;

 private:
  void add_note(const std::string& note);

  Fabric fabric_;
  ModelSettings settings_;
  std::vector<std::string> notes_;  // each once, in the order they arose
};

}  // namespace commbench
