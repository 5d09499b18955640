#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "reports/format/json_optional.hpp"

namespace commbench {

// `commbench predict`: a sweep of collectives from the cost models alone (bench/commands/predict/predict_command.hpp),
// on model.fabric, over the sizes of min_bytes ... max_bytes.
struct PredictSettings {
  std::string collective;                      // a collective's name, or "all"
  std::optional<std::uint64_t> nodes;          // the outermost tier's members; empty: the fabric's own
  std::optional<std::uint64_t> gpus_per_node;  // members of the innermost tier used; empty: all
  std::string algorithm = "native";            // "native", an algorithm of the model family, or "all"
  std::string protocol;                        // NCCL's: "" (NCCL picks), a protocol's name, or "all"
};

// As predict records them (predict_settings_json); an empty optional is null.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PredictSettings, collective, nodes, gpus_per_node, algorithm, protocol)

}  // namespace commbench
