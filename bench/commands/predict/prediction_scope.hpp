#pragma once
// The machine `commbench predict` models: the fabric with --nodes and --gpus-per-node applied,
// and the ranks that fill it (ranks = nodes x GPUs per node; docs/MODELS.md, "Ranks on tiers").
#include <cstdint>
#include <optional>

#include "topology/fabric/fabric.hpp"

namespace commbench {

struct PredictionScope {
  Fabric fabric;                    // as modelled: the outermost tier holds the nodes, the innermost the GPUs used
  std::uint64_t nodes = 1;          // the outermost tier's members (1 for a fabric of one tier)
  std::uint64_t gpus_per_node = 1;  // the innermost tier's members: GPUs (or ranks) used on each node
  int ranks = 1;
};

// nodes: the outermost tier's members (empty: the fabric's own; refused for a fabric of one
// tier, which has no tier of nodes). gpus_per_node: how many of a node's GPUs are used, 1 to
// the innermost tier's members (empty: all; refused for a fabric of more than two tiers, whose
// node is more than one tier). Throws UsageError naming the flag and what it accepts.
PredictionScope prediction_scope(Fabric fabric, std::optional<std::uint64_t> nodes,
                                 std::optional<std::uint64_t> gpus_per_node);

}  // namespace commbench
