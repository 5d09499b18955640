#include "bench/commands/predict/predict_flags.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/commands/predict/predict_command.hpp"
#include "bench/commands/predict/predict_settings.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/usage_error.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "reports/format/text_join.hpp"
#include "topology/cost/nccl_cost_model.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// Raw text of predict's flags.
struct PredictRawOptions : SharedRawOptions {
  std::string collective, nodes, gpus_per_node, algorithms, protocol;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
PredictRawOptions predict_raw_defaults() {
  PredictRawOptions raw;
  raw.algorithms = PredictSettings{}.algorithm;
  return raw;
}

// --gpus-per-node (predict): 2^24, as --nodes (kMaxNodes, bench/run/shared_flags.hpp).
constexpr std::uint64_t kMaxGpusPerNode = 1ULL << 24;

// The collective names the sweep commands take, "all" last.
std::string collective_names_text() {
  std::vector<std::string> names;
  for (const CollectiveSpec* spec : all_collective_specs()) names.emplace_back(spec->name());
  names.emplace_back("all");
  return joined(names);
}

std::string protocol_names_text() {
  std::vector<std::string> names = nccl_protocol_names();
  names.emplace_back("all");
  return joined(names);
}

void add_predict_options(CLI::App& command, PredictRawOptions& raw) {
  add_report_options(command, raw);
  command.add_option("collective", raw.collective, "What to predict (required): " + collective_names_text());
  command.add_option("--fabric", raw.model_fabric,
                     "The fabric to predict for (required): a fabric file (docs/FABRIC.md) or a preset: " +
                         fabric_preset_names_text() + "; either may be followed by :nvls=off, :collnet=on");
  command.add_option("--nodes", raw.nodes, "Nodes: the outermost tier's members (default: the fabric's own)");
  command.add_option("--gpus-per-node", raw.gpus_per_node,
                     "GPUs (ranks) used on each node, from 1 to the node's (default: all of them)");
  add_size_options(command, raw, true);
  command.add_option("--algo", raw.algorithms,
                     "native (the library's choice, as its model has it), an algorithm of the fabric's model family "
                     "(NCCL: ring, tree, nvls, nvls-tree, collnet-direct, collnet-chain, pat, p2p; MPI-style: ring, "
                     "recursive-doubling, ...), or all: one column group each (docs/MODELS.md)")
      ->capture_default_str();
  command.add_option("--protocol", raw.protocol,
                     "NCCL's protocol: " + protocol_names_text() + " (default: NCCL picks; GPU fabrics only)");
}

Config build_predict_config(const PredictRawOptions& raw, const CLI::App& chosen) {
  Config config;
  config.settings_json = &predict_settings_json;
  apply_report_options(config, raw, chosen.count("--json") > 0);
  PredictSettings& predict = config.settings<PredictSettings>();
  const std::string usage = "commbench predict COLLECTIVE|all --fabric FILE|PRESET";
  if (chosen.count("collective") == 0) {
    throw UsageError("predict: the collective is missing (accepted: " + usage + ", COLLECTIVE one of " +
                     collective_names_text() + ")");
  }
  if (raw.collective != "all" && find_collective_spec(raw.collective) == nullptr) {
    throw UsageError("predict: unknown collective '" + raw.collective + "' (accepted: " +
                     collective_names_text() + ")");
  }
  predict.collective = raw.collective;
  if (raw.model_fabric.empty()) {
    throw UsageError("--fabric: missing or empty (accepted: a fabric file or a preset, " + fabric_preset_names_text() +
                     ")");
  }
  config.model.fabric = raw.model_fabric;
  apply_size_range(config, raw);
  apply_step_bytes(config, raw);
  if (chosen.count("--nodes") > 0) predict.nodes = whole_option("--nodes", raw.nodes, 1, kMaxNodes);
  if (chosen.count("--gpus-per-node") > 0) {
    predict.gpus_per_node = whole_option("--gpus-per-node", raw.gpus_per_node, 1, kMaxGpusPerNode);
  }
  // Which algorithms there are depends on the fabric's model family: rank 0 checks the name
  // once it has read the fabric (bench/commands/predict/prediction_sweep.hpp).
  if (raw.algorithms.empty()) {
    throw UsageError("--algo: the name is empty (accepted: native, all, or an algorithm of the fabric's model family, "
                     "e.g. ring)");
  }
  predict.algorithm = raw.algorithms;
  if (chosen.count("--protocol") > 0) {
    const std::vector<std::string>& protocols = nccl_protocol_names();
    if (raw.protocol != "all" &&
        std::find(protocols.begin(), protocols.end(), raw.protocol) == protocols.end()) {
      throw UsageError("--protocol: unknown protocol '" + raw.protocol + "' (accepted: " +
                       protocol_names_text() + ")");
    }
    predict.protocol = raw.protocol;
  }
  return config;
}

}  // namespace

SettingsFromFlags predict_flags(CLI::App& command) {
  return command_flags(command, predict_raw_defaults(), add_predict_options,
                       [](const PredictRawOptions& raw, const CLI::App& parsed) {
                         return build_predict_config(raw, parsed);
                       });
}

}  // namespace commbench
