#pragma once
// The channels NCCL builds on a node, and the bandwidth of each: the outcome of NCCL's topology
// search (src/graph/search.cc, ncclTopoCompute) on the node an NcclSystem describes, one graph per
// pattern. NCCL tries per-channel speeds from its per-generation speed arrays, fastest first, and
// keeps the graph with the most channels x speed its links can carry; it then doubles the channels
// at half the speed where the speed is high (ncclTopoDupChannels) and finally tries to raise the
// speed again (its "pass 2"). The model repeats these steps over the links NCCL counts: each GPU's
// NVLink or PCIe bandwidth to the switch, and across nodes each NIC and its PCIe path
// (docs/MODELS.md, "Channels").
#include "topology/cost/nccl_system.hpp"

namespace commbench {

// One pattern's channels. Speeds in GB/s per channel, as NCCL's graphs hold them: bw_intra for
// the links within the node, bw_inter for the network (equal on one node, where NCCL keeps both).
struct NcclGraph {
  int channels = 0;  // 0: NCCL finds no graph of this pattern (the algorithm is unavailable)
  double bw_intra = 0;
  double bw_inter = 0;
};

struct NcclGraphs {
  NcclGraph ring;            // Ring, and the broadcast/reduce pipelines
  NcclGraph tree;            // Tree and PAT (NCCL gives PAT the tree graph)
  NcclGraph nvls;            // NVLS and NVLS Tree (NVLink SHARP)
  NcclGraph collnet_direct;  // CollNet Direct
  NcclGraph collnet_chain;   // CollNet Chain
};

NcclGraphs nccl_channel_graphs(const NcclSystem& system);

}  // namespace commbench
