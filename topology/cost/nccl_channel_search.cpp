#include "topology/cost/nccl_channel_search.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <vector>

namespace commbench {
namespace {

// search.cc keeps these apart: rings come back to the first GPU (or NIC), trees and chains do
// not, NVLS channels are heads pulling from the switch.
enum class Pattern { ring, tree, nvls };

// How many channels the node's links carry when every channel runs at intra GB/s within the node
// and inter GB/s across the network (0 when even one does not fit).
using Capacity = std::function<int(double intra, double inter)>;

struct Search {
  const std::vector<double>* speeds = nullptr;
  double max_bandwidth = 0;    // the fastest single path: no channel is faster (system->maxBw)
  double total_bandwidth = 0;  // the node's total: the search stops once channels x speed reach it (totalBw)
  int min_channels = 1;
  int max_channels = 1;
  Pattern pattern = Pattern::ring;
  Capacity capacity;
  bool hopper_or_later = false;  // ncclTopoDupChannels' "ccMin > 80"
};

// Whole channels of speed fitting in bandwidth (a hair of slack for the float figures NCCL
// compares, e.g. 9 x 40 against 18 x 20.6).
int channels_within(double bandwidth, double speed) {
  if (!(speed > 0)) return 0;
  return static_cast<int>(std::floor(bandwidth / speed + 1e-9));
}

// The index of the first speed no faster than bandwidth (NCCL's "while (speedArray[i] > bw) i++").
std::size_t first_speed_at_most(const std::vector<double>& speeds, double bandwidth) {
  std::size_t i = 0;
  while (i + 1 < speeds.size() && speeds[i] > bandwidth + 1e-9) ++i;
  return i;
}

NcclGraph run_search(const Search& search) {
  const std::vector<double>& speeds = *search.speeds;
  // Pass 1: the first speed within the fastest path and the node's total, then slower ones while
  // a slower speed is more than .49 of the best graph's (search.cc: "Decrease bw until we find a
  // solution"); a graph replaces the best only with more channels x speed.
  std::size_t i = 0;
  while (i + 1 < speeds.size() &&
         (speeds[i] > search.max_bandwidth + 1e-9 ||
          speeds[i] * search.min_channels > search.total_bandwidth + 1e-9)) {
    ++i;
  }
  NcclGraph best;
  while (true) {
    const double speed = speeds[i];
    const int channels = std::min(search.capacity(speed, speed), search.max_channels);
    if (channels >= search.min_channels && channels * speed > best.channels * best.bw_inter + 1e-9) {
      best = {channels, speed, speed};
    }
    const bool perfect = best.channels > 0 && (best.channels == search.max_channels ||
                                               best.channels * best.bw_inter >= search.total_bandwidth - 1e-9);
    if (perfect) break;
    if (i + 1 < speeds.size() && (best.channels == 0 || speeds[i + 1] / best.bw_inter > .49)) {
      ++i;
      continue;
    }
    break;
  }
  if (best.channels == 0) return best;

  // ncclTopoDupChannels: fast channels become twice as many at half the speed, except NVLS and,
  // from Hopper on, graphs of more than 4 channels below 50 GB/s.
  if (search.pattern != Pattern::nvls && best.bw_intra >= 25.0 &&
      !(search.hopper_or_later && best.bw_intra < 50.0 && best.channels > 4)) {
    const int doubled = std::min(best.channels * 2, search.max_channels);
    const int factor = (doubled + best.channels - 1) / best.channels;
    best.bw_intra /= factor;
    best.bw_inter /= factor;
    best.channels = doubled;
  }

  // Pass 2, with the channels fixed: rings raise both speeds, NVLS raises the network speed up
  // to twice the NVLink one, trees raise the NVLink speed up to twice the network one.
  std::size_t index = first_speed_at_most(speeds, best.bw_inter);
  while (index > 0) {
    const double faster = speeds[index - 1];
    NcclGraph candidate = best;
    if (search.pattern == Pattern::ring) {
      candidate.bw_intra = candidate.bw_inter = faster;
    } else if (search.pattern == Pattern::nvls) {
      if (!(best.bw_inter < 2 * best.bw_intra)) break;
      candidate.bw_inter = faster;
    } else {
      if (!(best.bw_intra < 2 * best.bw_inter) || faster <= best.bw_intra) break;
      candidate.bw_intra = faster;
    }
    if (search.capacity(candidate.bw_intra, candidate.bw_inter) < best.channels) break;
    best = candidate;
    --index;
  }
  return best;
}

// Channels a node's NVLink or PCIe links carry: each channel crosses every GPU's link to the
// switch once each way, so channels x speed fit in one GPU's bandwidth. A ring or chain between
// nodes enters one GPU from the NIC and leaves another towards it, so the node's GPUs carry a
// channel on ppn - 1 of their ppn links each way.
int links_capacity(const NcclSystem& system, double speed, bool across_nodes) {
  const double share =
      across_nodes && system.gpus_per_node > 1 ? static_cast<double>(system.gpus_per_node) / (system.gpus_per_node - 1) : 1.0;
  return channels_within(system.gpu_bandwidth * share, speed);
}

// Channels the network side carries: each NIC whole channels of speed within its bandwidth and
// its PCIe link's, and each GPU's PCIe link towards them as many again (a node with two NICs per
// GPU fills both through one GPU link; one with fewer GPUs than NICs is limited by its GPUs').
int nics_capacity(const NcclSystem& system, double speed) {
  const int per_nic = channels_within(std::min(system.nic_bandwidth, system.nic_path_bandwidth), speed);
  const int per_gpu = channels_within(system.nic_path_bandwidth, speed);
  return std::min(system.nics * per_nic, system.gpus_per_node * per_gpu);
}

NcclGraphs search_one_node(const NcclSystem& system, bool hopper_or_later) {
  NcclGraphs graphs;
  if (system.gpus_per_node < 2) return graphs;
  const std::vector<double>& speeds = nccl_search_speeds(system.generation, false);
  const double bandwidth = system.gpu_bandwidth;
  const int ppn = system.gpus_per_node;
  // "algo other than RING do not need to close to the starting NET, so increase the NVLink bw
  // artificially" (search.cc): the total for trees and NVLS.
  const double open_total = bandwidth * ppn / (ppn - 1);

  Search ring;
  ring.speeds = &speeds;
  ring.max_bandwidth = bandwidth;
  ring.total_bandwidth = bandwidth;
  ring.min_channels = 1;
  ring.max_channels = kNcclMaxChannels / 2;  // init.cc: ringGraph->maxChannels = MAXCHANNELS / 2
  ring.pattern = Pattern::ring;
  ring.hopper_or_later = hopper_or_later;
  ring.capacity = [&](double intra, double) { return links_capacity(system, intra, false); };
  graphs.ring = run_search(ring);
  if (graphs.ring.channels == 0) return graphs;

  // init.cc: the tree graph (also PAT's and CollNet Chain's) has the ring's channel count.
  Search tree = ring;
  tree.pattern = Pattern::tree;
  tree.total_bandwidth = open_total;
  tree.min_channels = tree.max_channels = graphs.ring.channels;
  graphs.tree = run_search(tree);

  if (system.nvls) {
    // Every GPU heads one channel (maxChannels = min(NCCL_MAX_NVLS_ARITY, GPUs), all required on
    // one node); a head's link carries its channel twice (ncclTopoSearchTryNvls), so each GPU's
    // link carries ppn + 1 channels' worth.
    Search nvls = ring;
    nvls.pattern = Pattern::nvls;
    nvls.total_bandwidth = open_total;
    nvls.min_channels = nvls.max_channels = std::min(kNcclMaxNvlsArity, ppn);
    nvls.capacity = [&, ppn](double intra, double) {
      return (ppn + 1) * intra <= bandwidth + 1e-9 ? ppn : 0;
    };
    graphs.nvls = run_search(nvls);
  }
  return graphs;
}

NcclGraphs search_across_nodes(const NcclSystem& system, bool hopper_or_later) {
  NcclGraphs graphs;
  const std::vector<double>& speeds = nccl_search_speeds(system.generation, true);
  const double path = std::min(system.nic_bandwidth, system.nic_path_bandwidth);
  const int ppn = system.gpus_per_node;

  Search ring;
  ring.speeds = &speeds;
  ring.max_bandwidth = path;
  ring.total_bandwidth = system.gpu_bandwidth + path;
  ring.min_channels = 1;
  ring.max_channels = kNcclMaxChannels / 2;
  ring.pattern = Pattern::ring;
  ring.hopper_or_later = hopper_or_later;
  ring.capacity = [&](double intra, double inter) {
    if (inter > path + 1e-9) return 0;
    return std::min(nics_capacity(system, inter), ppn > 1 ? links_capacity(system, intra, true) : std::numeric_limits<int>::max());
  };
  graphs.ring = run_search(ring);
  if (graphs.ring.channels == 0) return graphs;

  Search tree = ring;
  tree.pattern = Pattern::tree;
  tree.min_channels = tree.max_channels = graphs.ring.channels;
  graphs.tree = run_search(tree);
  if (system.collnet) graphs.collnet_chain = graphs.tree;

  // NVLS and CollNet Direct across nodes: one head per NIC with its own GPU (search.cc: "NVLS
  // search only tries to find NIC:GPU combinations to compute the heads").
  const int heads = std::min(system.nics, ppn);
  const auto heads_capacity = [&, heads](double intra, double inter) {
    if (inter > path + 1e-9) return 0;
    return (heads + 1) * intra <= system.gpu_bandwidth + 1e-9 ? heads : 0;
  };
  if (system.nvls && heads > 0) {
    Search nvls = ring;
    nvls.pattern = Pattern::nvls;
    nvls.min_channels = 1;
    nvls.max_channels = std::min(kNcclMaxNvlsArity, ppn);
    nvls.capacity = heads_capacity;
    graphs.nvls = run_search(nvls);
  }
  if (system.collnet && system.nvswitch && heads > 0) {
    Search direct = ring;
    direct.pattern = Pattern::nvls;
    direct.min_channels = 1;
    direct.max_channels = std::min(kNcclMaxDirectArity + 1, ppn);
    direct.capacity = heads_capacity;
    graphs.collnet_direct = run_search(direct);
  }
  return graphs;
}

}  // namespace

NcclGraphs nccl_channel_graphs(const NcclSystem& system) {
  const bool hopper_or_later = system.generation == GpuGeneration::hopper || system.generation == GpuGeneration::blackwell;
  return system.nodes > 1 ? search_across_nodes(system, hopper_or_later) : search_one_node(system, hopper_or_later);
}

}  // namespace commbench
