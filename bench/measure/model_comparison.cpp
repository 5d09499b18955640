#include "bench/measure/model_comparison.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "bench/run/usage_error.hpp"
#include "collectives/algorithms/explicit_algorithms.hpp"
#include "topology/cost/cost_model.hpp"
#include "topology/cost/model_family.hpp"
#include "topology/fabric/fabric_switches.hpp"
#include "topology/fabric_files/fabric_json.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

bool exists(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0;
}

bool is_regular_file(const std::string& path) {
  struct stat status {};
  return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode);
}

}  // namespace

namespace {

Fabric fabric_file(const std::string& path) {
  try {
    return load_fabric_file(path);
  } catch (const FabricError& error) {
    throw UsageError(std::string("--fabric: ") + error.what());
  }
}

// The fabric a name stands for, without switches.
Fabric named_fabric(const std::string& name, const std::string& as_given) {
  // A file wins over a preset of the same name: the user who wrote ./dgx-h100 meant it.
  if (is_regular_file(name)) return fabric_file(name);
  const std::vector<std::string> presets = fabric_preset_names();
  if (std::find(presets.begin(), presets.end(), name) != presets.end()) return load_fabric_preset(name);
  // Something that is there but is no regular file (a FIFO, /dev/zero, a directory): the file
  // loader names what it is.
  if (exists(name)) return fabric_file(name);
  throw UsageError("--fabric: '" + as_given + "' is neither a readable fabric file nor a preset (accepted: a fabric "
                   "file, docs/FABRIC.md, or a preset: " + fabric_preset_names_text() + "; either may be followed by " +
                   ":" + fabric_switches_text() + ")");
}

}  // namespace

Fabric load_model_fabric(const std::string& fabric) {
  // A whole name that is a file is a file, colon or not; otherwise NAME:SWITCHES.
  const auto colon = fabric.rfind(':');
  if (is_regular_file(fabric) || colon == std::string::npos) return named_fabric(fabric, fabric);
  Fabric named = named_fabric(fabric.substr(0, colon), fabric);
  try {
    return with_switches(std::move(named), fabric.substr(colon + 1));
  } catch (const FabricSwitchError& error) {
    throw UsageError("--fabric: '" + fabric + "': " + error.what());
  }
}

std::optional<std::string> unmodelled_reduction_note(const Fabric& fabric) {
  if (fabric.reduction_bandwidth) return std::nullopt;
  return "the fabric has no reduction_bandwidth: reductions are predicted to cost nothing";
}

ModelComparison::ModelComparison(Fabric fabric, ModelSettings settings)
    : fabric_(std::move(fabric)), settings_(std::move(settings)) {}

void ModelComparison::add_note(const std::string& note) {
  if (std::find(notes_.begin(), notes_.end(), note) == notes_.end()) notes_.push_back(note);
}

void ModelComparison::annotate(Result& row) {
  if (row.status != ResultStatus::ok || row.time_s <= 0) return;
  const bool native = row.algorithm == kNativeAlgorithm;
  // NCCL runs native rows as its tuner chooses (the NCCL family); commbench's explicit
  // algorithms are its own schedules of point-to-point steps on any backend (the MPI-style
  // family, whose schedules they follow).
  const ModelFamily family = native ? model_family_for(fabric_, row.backend) : ModelFamily::mpi;
  Prediction prediction;
  try {
    prediction = predict_case(family, row.collective, row.algorithm, "", row.bytes, row.ranks, fabric_);
  } catch (const ModelError& error) {
    add_note(row.collective + ' ' + row.algorithm + ": no prediction: " + error.what());
    return;
  }
  if (prediction.time_s <= 0) {
    // One rank moves nothing: a relative error against 0 s means nothing.
    add_note(row.collective + ' ' + row.algorithm + ": no prediction for " + std::to_string(row.ranks) +
             " rank(s) and " + std::to_string(row.bytes) + " B: the model predicts no communication");
    return;
  }
  ResultPrediction& p = row.prediction.emplace();
  p.algorithm = choice_text(prediction);
  p.assumed = native;
  p.time_s = prediction.time_s;
  p.bus_bw = static_cast<double>(row.bytes) * row.bus_bw_factor / prediction.time_s;
  p.relative_error = (prediction.time_s - row.time_s) / row.time_s;
  p.latency_s = prediction.terms.latency_s;
  p.bandwidth_s = prediction.terms.bandwidth_s;
  p.reduction_s = prediction.terms.reduction_s;
}

ModelReport ModelComparison::report(const std::vector<Result>& rows) const {
  ModelReport report;
  report.fabric_source = settings_.fabric;
  report.fabric = fabric_to_json(fabric_);
  report.shortfall_fraction = settings_.shortfall_fraction;
  report.accuracy = summarize_model_accuracy(rows, settings_.shortfall_fraction);
  report.notes = notes_;
  if (const auto note = unmodelled_reduction_note(fabric_)) report.notes.push_back(*note);
  return report;
}

}  // namespace commbench
