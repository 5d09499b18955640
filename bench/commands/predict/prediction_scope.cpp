#include "bench/commands/predict/prediction_scope.hpp"

#include <climits>
#include <stdexcept>
#include <string>

#include "bench/run/usage_error.hpp"
#include "topology/fabric_files/fabric_json.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {

PredictionScope prediction_scope(Fabric fabric, std::optional<std::uint64_t> nodes,
                                 std::optional<std::uint64_t> gpus_per_node) {
  PredictionScope scope;
  const std::string fabric_name = "fabric " + fabric.name;
  if (nodes) {
    if (fabric.tiers.size() < 2) {
      throw UsageError("--nodes: " + fabric_name + " has one tier ('" + fabric.tiers.front().name +
                       "'), so no tier holds nodes (accepted: --nodes with a fabric of two or more tiers; "
                       "--gpus-per-node alone on a fabric of one tier)");
    }
    try {
      fabric = with_nodes(std::move(fabric), *nodes);
    } catch (const FabricError& error) {
      throw UsageError(std::string("--nodes: ") + error.what());
    }
    fabric.tiers.back().members_source = "node count asked for (commbench predict --nodes)";
  }
  FabricTier& node = fabric.tiers.front();
  if (gpus_per_node) {
    if (fabric.tiers.size() > 2) {
      throw UsageError("--gpus-per-node: " + fabric_name + " has " + std::to_string(fabric.tiers.size()) +
                       " tiers, so a node is more than its innermost tier (accepted: --gpus-per-node with a fabric of "
                       "one or two tiers)");
    }
    if (*gpus_per_node > node.members) {
      throw UsageError("--gpus-per-node: " + std::to_string(*gpus_per_node) + " is more than a node of " +
                       fabric.name + " has (tier '" + node.name + "': " + std::to_string(node.members) +
                       ") (accepted: 1 to " + std::to_string(node.members) + ")");
    }
    node.members_source = std::to_string(*gpus_per_node) + " of the node's " + std::to_string(node.members) +
                          " used (commbench predict --gpus-per-node)";
    node.members = *gpus_per_node;
  }
  std::uint64_t ranks = 0;
  try {
    ranks = fabric_ranks(fabric);
  } catch (const std::overflow_error&) {
    ranks = UINT64_MAX;
  }
  scope.nodes = fabric.tiers.size() > 1 ? fabric.tiers.back().members : 1;
  if (ranks > static_cast<std::uint64_t>(INT_MAX)) {
    throw UsageError(std::string(nodes ? "--nodes" : "--fabric") + ": " + std::to_string(scope.nodes) +
                     " node(s) of " + fabric_name + " hold more ranks than the models take (accepted: at most " +
                     std::to_string(INT_MAX) + " ranks)");
  }
  scope.ranks = static_cast<int>(ranks);
  scope.gpus_per_node = ranks / scope.nodes;
  scope.fabric = std::move(fabric);
  return scope;
}

}  // namespace commbench
