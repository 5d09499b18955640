#include "topology/cost/nccl_cost_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "reports/format/escaped_text.hpp"
#include "reports/format/name_table.hpp"
#include "reports/format/text_join.hpp"
#include "topology/cost/nccl_channel_search.hpp"
#include "topology/cost/nccl_system.hpp"

namespace commbench {
namespace {

// NCCL's collective functions that its tuner models, and the point-to-point ones it runs as
// grouped sends and receives.
enum class Function { allreduce, allgather, reducescatter, broadcast, reduce, alltoall, sendrecv };

std::optional<Function> parse_function(std::string_view collective) {
  static constexpr std::array<std::pair<std::string_view, Function>, 7> names = {{
      {"allreduce", Function::allreduce},
      {"allgather", Function::allgather},
      {"reducescatter", Function::reducescatter},
      {"broadcast", Function::broadcast},
      {"reduce", Function::reduce},
      {"alltoall", Function::alltoall},
      {"sendrecv", Function::sendrecv},
  }};
  for (const auto& [name, function] : names) {
    if (name == collective) return function;
  }
  return std::nullopt;
}

bool is_point_to_point(Function function) { return function == Function::alltoall || function == Function::sendrecv; }

constexpr std::string_view kPointToPoint = "p2p";

std::string quoted(std::string_view text) { return "'" + one_line_text(std::string(text)) + "'"; }

Function checked_function(std::string_view collective) {
  const auto function = parse_function(collective);
  if (!function) {
    throw ModelError("unknown collective " + quoted(collective) + " (accepted: " + joined(modelled_collectives()) + ")");
  }
  return *function;
}

// The algorithms NCCL's tuner weighs for a function (tuning.cc: broadcast and reduce have only
// the ring; allgather and reducescatter ring, PAT, NVLS and CollNet Direct; allreduce all but PAT).
std::vector<NcclAlgorithm> function_algorithms(Function function) {
  switch (function) {
    case Function::allreduce:
      return {NcclAlgorithm::ring,      NcclAlgorithm::tree,           NcclAlgorithm::nvls,
              NcclAlgorithm::nvls_tree, NcclAlgorithm::collnet_direct, NcclAlgorithm::collnet_chain};
    case Function::allgather:
    case Function::reducescatter:
      return {NcclAlgorithm::ring, NcclAlgorithm::pat, NcclAlgorithm::nvls, NcclAlgorithm::collnet_direct};
    case Function::broadcast:
    case Function::reduce:
      return {NcclAlgorithm::ring};
    default:
      return {};
  }
}

std::vector<NcclProtocol> algorithm_protocols(NcclAlgorithm algorithm) {
  if (algorithm == NcclAlgorithm::ring || algorithm == NcclAlgorithm::tree) {
    return {NcclProtocol::ll, NcclProtocol::ll128, NcclProtocol::simple};
  }
  return {NcclProtocol::simple};
}

std::optional<NcclAlgorithm> parse_algorithm(std::string_view name) {
  return value_named(all_nccl_algorithms(), [](NcclAlgorithm algorithm) { return algorithm_name(algorithm); }, name);
}

std::optional<NcclProtocol> parse_protocol(std::string_view name) {
  return value_named(all_nccl_protocols(), [](NcclProtocol protocol) { return protocol_name(protocol); }, name);
}

// log2i: the floor of log2, -1 for 0 (NCCL's utility).
int log2_floor(double x) { return x >= 1 ? static_cast<int>(std::floor(std::log2(x))) : -1; }

// One (function, algorithm, protocol) as NCCL's tuning table holds it, with the latency split by
// tier so that a prediction can say where its time goes.
struct Tuning {
  double intra_latency_us = 0;    // the base latency and the steps within a node
  double network_latency_us = 0;  // the steps across the network
  double nccl_bandwidth = 0;      // GB/s: NCCL's comm->bandwidths, what its tuner compares
  double bandwidth = 0;           // GB/s: the model's, where it refines NCCL's (NVLS on one node)
  int channels = 0;
  std::string unavailable;        // why NCCL does not run it here; empty when it does
  double latency_us() const { return intra_latency_us + network_latency_us; }
};

// The model of one fabric and rank count: NCCL's system, its graphs and what the tuner derives.
class NcclTuner {
 public:
  NcclTuner(const Fabric& fabric, int ranks)
      : fabric_(fabric), system_(nccl_system(fabric, ranks)), graphs_(nccl_channel_graphs(system_)) {}

  const NcclSystem& system() const { return system_; }

  Tuning tuning(Function function, NcclAlgorithm algorithm, NcclProtocol protocol) const {
    Tuning tuning;
    tuning.unavailable = why_not(function, algorithm, protocol);
    if (!tuning.unavailable.empty()) return tuning;
    const NcclGraph& graph = graph_of(algorithm);
    tuning.channels = graph.channels;
    tuning.nccl_bandwidth = bandwidth(function, algorithm, protocol, graph);
    tuning.bandwidth = refined_bandwidth(function, algorithm, tuning.nccl_bandwidth);
    if (!(tuning.nccl_bandwidth > 0)) {
      tuning.unavailable = "NCCL gives it no bandwidth for " + std::string(function_name(function)) + " here";
      return tuning;
    }
    latency(function, algorithm, protocol, tuning);
    return tuning;
  }

  // A time in us: the latency, the bytes at the bandwidth, and the pipeline's fill.
  struct Timed {
    double latency_us = 0;
    double intra_latency_us = 0;
    double bandwidth_us = 0;
    double fill_us = 0;
    double total_us() const { return latency_us + bandwidth_us + fill_us; }
  };

  // NCCL's own estimate (ncclTopoGetAlgoTime): what its tuner compares to choose.
  Timed nccl_estimate(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, const Tuning& tuning,
                      double bytes) const {
    Timed timed = latency_of(function, algorithm, protocol, tuning, bytes);
    timed.bandwidth_us = bytes / (1000.0 * tuning.nccl_bandwidth * correction(function, algorithm, protocol, bytes));
    return timed;
  }

  // The model's time: NCCL's estimate with the refinements docs/MODELS.md measures against
  // published data (the NVLS bandwidth on one node, and the pipeline's fill).
  Timed time(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, const Tuning& tuning,
             double bytes) const {
    Timed timed = latency_of(function, algorithm, protocol, tuning, bytes);
    const double bandwidth = tuning.bandwidth * correction(function, algorithm, protocol, bytes);
    timed.bandwidth_us = bytes / (1000.0 * bandwidth);
    timed.fill_us = fill_us(function, algorithm, protocol, tuning, bytes, bandwidth);
    return timed;
  }

 private:
  // NCCL's size corrections of the bandwidth (ncclTopoGetAlgoTime): its tree correction factor,
  // which it also applies to NVLS Tree on Blackwell.
  double correction(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, double bytes) const {
    if (function != Function::allreduce) return 1.0;
    if (algorithm == NcclAlgorithm::tree) return nccl_tree_correction(protocol, bytes);
    if (algorithm == NcclAlgorithm::nvls_tree && system_.generation == GpuGeneration::blackwell) {
      return nccl_tree_correction(protocol, bytes);
    }
    return 1.0;
  }

  Timed latency_of(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, const Tuning& tuning,
                   double bytes) const {
    const NcclSystem& s = system_;
    double latency_scale = 1;
    // "Plateau effect of ring": across nodes, ring Simple allreduce pays more latency once the
    // chunks are large enough.
    if (function == Function::allreduce && algorithm == NcclAlgorithm::ring && protocol == NcclProtocol::simple &&
        s.nodes > 1 && bytes / (static_cast<double>(graphs_.ring.channels) * s.ranks) >= 64) {
      latency_scale = s.generation == GpuGeneration::volta ? 1.9 : 1.4;
    }
    Timed timed;
    timed.intra_latency_us = tuning.intra_latency_us * latency_scale;
    timed.latency_us = tuning.latency_us() * latency_scale;
    return timed;
  }

  // NVLS on one node: NCCL's estimate takes the speed its channel search settles on from its
  // coarse speed table, capped by the network speed of a graph that has no network; the model
  // takes what the heads' links carry, NVLS efficiency x each GPU's NVLink bandwidth x ppn / (ppn +
  // 1) (a head's link carries its own channel twice, so ppn + 1 channels share it), which is
  // NCCL's formula without the table's steps (docs/MODELS.md, "Where the model refines NCCL's
  // estimate", with the published cases it fixes).
  double refined_bandwidth(Function function, NcclAlgorithm algorithm, double nccl_bandwidth) const {
    const NcclSystem& s = system_;
    if (algorithm != NcclAlgorithm::nvls || s.nodes > 1 || !(nccl_bandwidth > 0)) return nccl_bandwidth;
    const double ppn = s.gpus_per_node;
    const double per_gpu = nccl_nvls_efficiency(s.generation) * s.gpu_bandwidth * ppn / (ppn + 1) *
                           s.intra_bandwidth_efficiency;
    // allreduce: algorithm bandwidth (two operations pipelined, ranks / steps); allgather and
    // reducescatter: NCCL keeps their bus bandwidth, (ppn - 1) / ppn of the links' data.
    return function == Function::allreduce ? per_gpu : per_gpu * (ppn - 1) / ppn * (ppn - 1) / ppn;
  }

  static std::string_view function_name(Function function) {
    static constexpr std::array<std::string_view, 7> names = {"allreduce", "allgather", "reducescatter", "broadcast",
                                                              "reduce",    "alltoall",  "sendrecv"};
    return names[static_cast<std::size_t>(function)];
  }

  const NcclGraph& graph_of(NcclAlgorithm algorithm) const {
    switch (algorithm) {
      case NcclAlgorithm::ring:
        return graphs_.ring;
      case NcclAlgorithm::tree:
      case NcclAlgorithm::pat:
        return graphs_.tree;
      case NcclAlgorithm::nvls:
      case NcclAlgorithm::nvls_tree:
        return graphs_.nvls;
      case NcclAlgorithm::collnet_direct:
        return graphs_.collnet_direct;
      case NcclAlgorithm::collnet_chain:
        return graphs_.collnet_chain;
    }
    return graphs_.ring;
  }

  std::string tier_text(const std::string& name) const { return "tier '" + name + "' of " + fabric_.name; }

  // NCCL's enable rules (tuning.cc and enqueue.cc's updateCollCostTable), as one reason each.
  std::string why_not(Function function, NcclAlgorithm algorithm, NcclProtocol protocol) const {
    const NcclSystem& s = system_;
    const std::string name(algorithm_name(algorithm));
    switch (algorithm) {
      case NcclAlgorithm::nvls:
      case NcclAlgorithm::nvls_tree:
        if (!s.nvls) {
          return name + " needs an NVSwitch that reduces (NVLink SHARP, Hopper or later), and " +
                 tier_text(s.intra_tier) + " has none";
        }
        if (algorithm == NcclAlgorithm::nvls_tree && s.nodes == 1) return name + " needs more than one node";
        if (algorithm == NcclAlgorithm::nvls && s.nodes > 1 && !s.collnet) {
          return name + " across nodes needs a network that reduces in the switch (CollNet, e.g. SHARP), and " +
                 tier_text(s.network_tier) + " does not";
        }
        if (function != Function::allreduce && s.gpus_per_node > kNcclMaxNvlsArity) {
          return name + " takes at most " + std::to_string(kNcclMaxNvlsArity) + " GPUs per node";
        }
        break;
      case NcclAlgorithm::collnet_direct:
      case NcclAlgorithm::collnet_chain:
        if (s.nodes == 1 || !s.collnet) {
          return name + " needs a network between nodes that reduces in the switch (e.g. SHARP)" +
                 (s.nodes == 1 ? std::string(", and one node has no network")
                               : ", and " + tier_text(s.network_tier) + " does not");
        }
        if (algorithm == NcclAlgorithm::collnet_direct && !s.nvswitch) return name + " needs NVSwitch within the node";
        if (s.gpus_per_node > kNcclMaxDirectArity + 1) {
          return name + " takes at most " + std::to_string(kNcclMaxDirectArity + 1) + " GPUs per node";
        }
        break;
      case NcclAlgorithm::pat:
        // tuning.cc, ncclPatEnable: one GPU per node.
        if (s.nodes != s.ranks) return name + " needs one GPU per node";
        break;
      default:
        break;
    }
    if (protocol == NcclProtocol::ll128 && !ll128_enabled()) {
      return "NCCL enables ll128 only where the GPUs of a node talk over NVLink, and " + tier_text(s.intra_tier) +
             " is PCIe";
    }
    if (graph_of(algorithm).channels == 0) {
      return "NCCL's topology search finds no " + name + " channels on this node";
    }
    return {};
  }

  // tuning.cc: LL128 is on by default when the GPUs of a node reach each other over NVLink (path
  // type at most NVB) and their NICs through PCIe switches (Hopper and later: up to PXN).
  bool ll128_enabled() const { return system_.intra_hardware == NcclHardware::nvlink; }

  // comm->bandwidths[function][algorithm][protocol] (tuning.cc), GB/s, with the calibration.
  double bandwidth(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, const NcclGraph& graph) const {
    const NcclSystem& s = system_;
    const std::size_t column = static_cast<std::size_t>(std::min(s.nodes, 3) - 1);
    const std::size_t ll_row = s.nodes == 1 ? index_of(s.generation) : (s.amd_cpu ? 1 : 0);
    const double ll_max = nccl_ll_max_bandwidth_row(ll_row)[column];
    const double ppn = static_cast<double>(s.ranks) / s.nodes;
    const double channels = graph.channels;
    const bool collnet = algorithm == NcclAlgorithm::collnet_direct || algorithm == NcclAlgorithm::collnet_chain;
    const bool gathers = function == Function::allgather || function == Function::reducescatter;
    double per_channel = s.nodes <= 2 || collnet ? graph.bw_intra : graph.bw_inter;
    if (algorithm == NcclAlgorithm::nvls || algorithm == NcclAlgorithm::nvls_tree) {
      if (graph.channels < 2) return 0;  // "NVLS/NVLStree needs at least 2 channels"
      double intra = graph.bw_intra * nccl_nvls_efficiency(s.generation) * (channels - 1) / channels;
      intra *= function == Function::allreduce ? 2.0 : (ppn - 1) / ppn;  // allreduce pipelines two operations
      const double inter = graph.bw_inter * (s.nodes <= 2 && algorithm == NcclAlgorithm::nvls_tree ? 2 : 1);
      per_channel = std::min(intra, inter);
      if (algorithm == NcclAlgorithm::nvls_tree) {
        per_channel = std::min(per_channel, nccl_nvls_tree_channel_max(s.generation)[column]);
      }
    }
    double bus = channels * per_channel;
    if (algorithm == NcclAlgorithm::ring && protocol == NcclProtocol::ll) bus = std::min(ll_max, bus * .5);
    if (algorithm == NcclAlgorithm::ring && protocol == NcclProtocol::ll128) {
      bus = std::min(bus * 0.92, channels * nccl_ring_ll128_channel_max(s.generation)[column]);
    }
    if (algorithm == NcclAlgorithm::tree && function == Function::allreduce) {
      bus = std::min(bus * .92, channels * nccl_tree_channel_max(s.generation)[column]);
    }
    if (algorithm == NcclAlgorithm::tree && protocol == NcclProtocol::ll) bus = std::min(bus / 3.8, ll_max);
    if (algorithm == NcclAlgorithm::tree && protocol == NcclProtocol::ll128) {
      bus = std::min(bus * (s.nodes == 1 ? 7.0 / 9.0 : 120.0 / 128.0),
                     channels * nccl_tree_ll128_channel_max(s.generation)[column]);
    }
    if (algorithm == NcclAlgorithm::pat) bus *= .75;
    if (algorithm == NcclAlgorithm::collnet_direct) {
      if (gathers) {
        bus = ppn * std::min(graph.bw_intra, graph.bw_inter * 0.9);
      } else {
        // "Collnet+Direct requires all GPUs to have a local NIC to work at full speed".
        double factor = ppn / channels;
        factor -= (factor - 1) / 2;
        bus /= factor;
        if (s.generation == GpuGeneration::hopper || s.generation == GpuGeneration::blackwell) bus *= .85;
      }
    }
    // NVLS and CollNet Direct gather across nodes only through a CollNet plugin with one head per
    // GPU; the model takes CollNet's heads to be the NICs.
    if ((algorithm == NcclAlgorithm::nvls || algorithm == NcclAlgorithm::collnet_direct) && gathers && s.nodes > 1) {
      if (!s.collnet || s.gpus_per_node > s.nics) return 0;
    }
    // Bus bandwidth to algorithm bandwidth.
    if (!(algorithm != NcclAlgorithm::ring && gathers)) {
      const double steps = function == Function::allreduce ? 2.0 * (s.ranks - 1)
                           : gathers                       ? s.ranks - 1.0
                                                           : static_cast<double>(s.ranks);
      const bool per_step = algorithm == NcclAlgorithm::ring || algorithm == NcclAlgorithm::nvls ||
                            algorithm == NcclAlgorithm::nvls_tree;
      bus *= per_step ? s.ranks / steps : .5;
    }
    return bus * (s.nodes > 1 ? s.network_bandwidth_efficiency : s.intra_bandwidth_efficiency);
  }

  // comm->latencies[function][algorithm][protocol] (tuning.cc), us, split by tier.
  void latency(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, Tuning& tuning) const {
    const NcclSystem& s = system_;
    const std::size_t p = index_of(protocol);
    const double ppn = static_cast<double>(s.ranks) / s.nodes;
    const double base = nccl_base_latency_us(algorithm)[p];
    double intra = nccl_hardware_latency_us(s.intra_hardware, algorithm)[p];
    // "With ppn=1 latencies are fully exposed, use the Tree network latency"; the network's own
    // latency beyond InfiniBand's comes on top, twice for Simple ("Also add the flush extra
    // latency").
    double inter = nccl_hardware_latency_us(NcclHardware::net, ppn == 1 ? NcclAlgorithm::tree : algorithm)[p];
    inter += s.network_extra_latency_us * (protocol == NcclProtocol::simple ? 2 : 1);
    intra *= s.intra_latency_scale;
    inter *= s.network_latency_scale;
    const double scaled_base = base * s.intra_latency_scale;
    const double nodes_log = std::max(0, log2_floor(s.nodes));
    double on_node = scaled_base;
    double on_network = 0;
    switch (algorithm) {
      case NcclAlgorithm::ring: {
        const double steps = function == Function::allreduce ? 2.0 * (s.ranks - 1)
                             : (function == Function::allgather || function == Function::reducescatter)
                                 ? s.ranks - 1.0
                                 : static_cast<double>(s.ranks);
        if (function == Function::broadcast || function == Function::reduce) {
          // NCCL charges one step when every channel is the same ring (sameChannels, which its
          // search finds on switched nodes).
          (s.nodes == 1 ? on_node : on_network) += s.nodes == 1 ? intra : inter;
          break;
        }
        // "Inter-node rings still have to launch nsteps * net overhead."
        double net_overhead = 0;
        if (s.nodes > 1) {
          net_overhead = nccl_net_overhead_us(s.amd_cpu) * (protocol == NcclProtocol::simple ? 3 : 1);
        }
        const double step_within = std::max(intra, net_overhead);
        const double network_steps =
            s.nodes == 1 ? 0 : (function == Function::allreduce ? 2.0 * (s.nodes - 1) : s.nodes - 1.0);
        on_node += (steps - network_steps) * step_within;
        on_network += network_steps * inter;
        break;
      }
      case NcclAlgorithm::tree:
        if (function == Function::allreduce) {
          on_node += 2 * (ppn - 1) * intra;
          on_network += 2 * nodes_log * inter;
        }
        break;
      case NcclAlgorithm::collnet_direct:
        // "Add 0.4 us arity serialization latency".
        on_node += 2 * (std::min(1.0, ppn - 1) * intra + (ppn - 1) * 0.4 * s.intra_latency_scale);
        on_network += inter;
        break;
      case NcclAlgorithm::collnet_chain:
        on_node += 2 * (ppn - 1) * intra;
        on_network += inter;
        break;
      case NcclAlgorithm::nvls:
        on_node = intra;  // NCCL sets, not adds: NVLS has no base latency
        if (s.nodes > 1) on_network += inter;
        break;
      case NcclAlgorithm::nvls_tree:
        on_node += intra;
        on_network += 2 * nodes_log * inter;
        break;
      case NcclAlgorithm::pat:
        // "Log latency" across nodes, and "Still a linear part".
        on_network += nodes_log * (inter / 3.5);
        on_node += s.ranks * 2.8 * s.intra_latency_scale;
        break;
    }
    tuning.intra_latency_us = on_node;
    tuning.network_latency_us = on_network;
  }

  // Every protocol moves data through a buffer of NCCL_STEPS slots per channel, and the pipeline
  // holds a whole buffer in flight before it streams at the bandwidth, so the first buffer's worth
  // crosses it once more (docs/MODELS.md, "Where the model refines NCCL's estimate"): per channel,
  // NCCL_STEPS steps of the protocol's step (buffSize / NCCL_STEPS: Simple 512 KiB; LL and LL128
  // carry half and 120/128 of theirs as data), and for NVLS, NCCL_STEPS of its chunks on each of
  // its channels. Everything here is NCCL's own constants; nothing is fitted.
  //  - Within a node only, for rings and trees: across nodes the network is the slowest stage and
  //    the NVLink stages before it run ahead.
  //  - NVLS: within a node and across nodes alike (the switch stage is on every path).
  //  - Broadcast and reduce: a chain that forwards step by step (BROADCAST_CHUNKSTEPS = 1): the
  //    first step crosses every rank but the last two before the last rank receives at one
  //    channel's rate.
  // A message smaller than the window fills only itself.
  double fill_us(Function function, NcclAlgorithm algorithm, NcclProtocol protocol, const Tuning& tuning,
                 double bytes, double bandwidth) const {
    if (is_point_to_point(function)) return 0;
    const NcclSystem& s = system_;
    if (algorithm == NcclAlgorithm::nvls || algorithm == NcclAlgorithm::nvls_tree) {
      const int channels = s.generation != GpuGeneration::blackwell ? kNcclNvlsChannelsHopper
                           : s.nodes > 1                            ? kNcclNvlsChannelsBlackwell
                                                                    : kNcclNvlsChannelsBlackwellOneNode;
      return std::min(bytes, kNcclSteps * channels * kNcclNvlsChunkBytes) / (1000.0 * bandwidth);
    }
    const double step = protocol_step_bytes(protocol);
    if (function == Function::broadcast || function == Function::reduce) {
      const double chunk = std::min(bytes / tuning.channels, step);
      const double per_channel = bandwidth / tuning.channels;
      return std::max(0, s.ranks - 2) * chunk / (1000.0 * per_channel);
    }
    if (s.nodes > 1) return 0;
    return std::min(bytes, tuning.channels * kNcclSteps * step) / (1000.0 * bandwidth);
  }

  // The data bytes of one step of a protocol's buffer (buffSize / NCCL_STEPS).
  static double protocol_step_bytes(NcclProtocol protocol) {
    switch (protocol) {
      case NcclProtocol::ll:
        return kNcclLlBufferBytes / kNcclSteps / 2;  // each 16-byte line carries 8 bytes of data
      case NcclProtocol::ll128:
        return kNcclLl128BufferBytes / kNcclSteps * 120.0 / 128.0;  // 120 data bytes per 128-byte line
      case NcclProtocol::simple:
        break;
    }
    return kNcclSimpleBufferBytes / kNcclSteps;
  }

  const Fabric& fabric_;
  NcclSystem system_;
  NcclGraphs graphs_;
};

// Point-to-point collectives: NCCL runs them as grouped sends and receives over its channels,
// which its tuner does not model. The model: each rank's bytes within its node cross NVLink (or
// PCIe) at the bandwidth NCCL's ring reaches there, and its bytes to other nodes cross the node's
// NICs, shared by the node's GPUs; both at once, so the slower decides. Latency: the Simple
// protocol's base latency plus one Simple step per peer within the node and one network step.
// The ring graph within one node of the system: what NCCL's point-to-point channels carry there.
NcclGraph node_ring(const NcclSystem& s) {
  NcclSystem one_node = s;
  one_node.nodes = 1;
  one_node.ranks = s.gpus_per_node;
  return nccl_channel_graphs(one_node).ring;
}

Prediction point_to_point(Function function, std::uint64_t bytes, const NcclSystem& s) {
  const NcclGraph within = node_ring(s);
  const double intra_bandwidth = within.channels * within.bw_intra * s.intra_bandwidth_efficiency;
  const double path = std::min(s.nic_bandwidth, s.nic_path_bandwidth);
  const double n = static_cast<double>(bytes);
  const double p = s.ranks;
  const double ppn = s.gpus_per_node;
  double intra_bytes = 0;
  double network_bytes = 0;
  double network_bandwidth = 1;
  double peers_within = 0;
  if (function == Function::alltoall) {
    intra_bytes = n * (ppn - 1) / p;
    network_bytes = n * (p - ppn) / p;
    network_bandwidth = s.nics * path / ppn * s.network_bandwidth_efficiency;
    peers_within = ppn - 1;
  } else {
    // sendrecv: rank r sends to r + 1; one rank of each node sends to the next node, over a NIC.
    intra_bytes = ppn > 1 ? n : 0;
    network_bytes = s.nodes > 1 ? n : 0;
    network_bandwidth = path * s.network_bandwidth_efficiency;
    peers_within = ppn > 1 ? 1 : 0;
  }
  const std::size_t simple = index_of(NcclProtocol::simple);
  const double base = nccl_base_latency_us(NcclAlgorithm::ring)[simple] * s.intra_latency_scale;
  const double step = nccl_hardware_latency_us(s.intra_hardware, NcclAlgorithm::ring)[simple] * s.intra_latency_scale;
  const double net_step = (nccl_hardware_latency_us(NcclHardware::net, NcclAlgorithm::ring)[simple] +
                           2 * s.network_extra_latency_us) * s.network_latency_scale;
  const double intra_us = intra_bandwidth > 0 ? intra_bytes / (1000.0 * intra_bandwidth) : 0;
  const double network_us = network_bytes > 0 ? network_bytes / (1000.0 * network_bandwidth) : 0;

  Prediction prediction;
  prediction.family = "nccl";
  prediction.algorithm = std::string(kPointToPoint);
  prediction.protocol = "simple";
  prediction.channels = within.channels;
  TierTerms node{s.intra_tier, {}};
  node.terms.latency_s = (base + peers_within * step) * 1e-6;
  if (intra_us >= network_us) node.terms.bandwidth_s = intra_us * 1e-6;
  prediction.tiers.push_back(node);
  if (s.nodes > 1) {
    TierTerms network{s.network_tier, {}};
    network.terms.latency_s = net_step * 1e-6;
    if (network_us > intra_us) network.terms.bandwidth_s = network_us * 1e-6;
    prediction.tiers.push_back(network);
  }
  return prediction;
}

void finish(Prediction& prediction, std::string_view collective, std::uint64_t bytes, int ranks) {
  prediction.collective = std::string(collective);
  prediction.bytes = bytes;
  prediction.ranks = ranks;
  prediction.terms = {};
  for (const TierTerms& tier : prediction.tiers) {
    prediction.terms.latency_s += tier.terms.latency_s;
    prediction.terms.bandwidth_s += tier.terms.bandwidth_s;
    prediction.terms.reduction_s += tier.terms.reduction_s;
  }
  prediction.time_s = prediction.terms.total_s();
}

// A prediction of nothing: one rank, or no bytes (NCCL returns without communicating).
Prediction nothing_moves(std::string_view algorithm, std::string_view protocol, const NcclSystem& s) {
  Prediction prediction;
  prediction.family = "nccl";
  prediction.algorithm = std::string(algorithm);
  prediction.protocol = std::string(protocol);
  if (s.ranks > 1) prediction.tiers.push_back({s.intra_tier, {}});
  if (s.nodes > 1) prediction.tiers.push_back({s.network_tier, {}});
  return prediction;
}

Prediction tuned_prediction(const NcclTuner& tuner, Function function, NcclAlgorithm algorithm,
                            NcclProtocol protocol, const Tuning& tuning, std::uint64_t bytes) {
  const NcclSystem& s = tuner.system();
  const NcclTuner::Timed timed = tuner.time(function, algorithm, protocol, tuning, static_cast<double>(bytes));
  Prediction prediction;
  prediction.family = "nccl";
  prediction.algorithm = std::string(algorithm_name(algorithm));
  prediction.protocol = std::string(protocol_name(protocol));
  prediction.channels = tuning.channels;
  TierTerms node{s.intra_tier, {}};
  node.terms.latency_s = timed.intra_latency_us * 1e-6;
  node.terms.bandwidth_s = timed.fill_us * 1e-6;
  if (s.nodes == 1) node.terms.bandwidth_s += timed.bandwidth_us * 1e-6;
  prediction.tiers.push_back(node);
  if (s.nodes > 1) {
    TierTerms network{s.network_tier, {}};
    network.terms.latency_s = (timed.latency_us - timed.intra_latency_us) * 1e-6;
    network.terms.bandwidth_s = timed.bandwidth_us * 1e-6;
    prediction.tiers.push_back(network);
  }
  return prediction;
}

std::vector<NcclCandidate> candidates_of(const NcclTuner& tuner, Function function, std::string_view collective,
                                         std::uint64_t bytes) {
  std::vector<NcclCandidate> candidates;
  const NcclSystem& s = tuner.system();
  for (NcclAlgorithm algorithm : function_algorithms(function)) {
    for (NcclProtocol protocol : algorithm_protocols(algorithm)) {
      NcclCandidate candidate;
      candidate.algorithm = std::string(algorithm_name(algorithm));
      candidate.protocol = std::string(protocol_name(protocol));
      if (s.ranks <= 1) {
        // One rank moves nothing; NCCL copies at most (its nRanks == 1 table holds ring/simple).
        if (algorithm != NcclAlgorithm::ring || protocol != NcclProtocol::simple) {
          candidate.unavailable = "one rank runs nothing but ring/simple";
        } else {
          candidate.prediction = nothing_moves(candidate.algorithm, candidate.protocol, s);
        }
      } else {
        const Tuning tuning = tuner.tuning(function, algorithm, protocol);
        candidate.unavailable = tuning.unavailable;
        if (candidate.unavailable.empty()) {
          candidate.prediction = bytes == 0 ? nothing_moves(candidate.algorithm, candidate.protocol, s)
                                            : tuned_prediction(tuner, function, algorithm, protocol, tuning, bytes);
          if (bytes > 0) {
            candidate.nccl_estimate_s =
                tuner.nccl_estimate(function, algorithm, protocol, tuning, static_cast<double>(bytes)).total_us() * 1e-6;
          }
        }
      }
      if (candidate.unavailable.empty()) finish(candidate.prediction, collective, bytes, s.ranks);
      candidates.push_back(std::move(candidate));
    }
  }
  return candidates;
}

}  // namespace

std::vector<std::string> nccl_algorithms(std::string_view collective) {
  const Function function = checked_function(collective);
  if (is_point_to_point(function)) return {std::string(kPointToPoint)};
  std::vector<std::string> names;
  for (NcclAlgorithm algorithm : function_algorithms(function)) names.emplace_back(algorithm_name(algorithm));
  return names;
}

std::vector<std::string> nccl_protocols(std::string_view algorithm) {
  if (algorithm == kPointToPoint) return {"simple"};
  const auto parsed = parse_algorithm(algorithm);
  if (!parsed) {
    std::vector<std::string> names{std::string(kPointToPoint)};
    for (NcclAlgorithm known : all_nccl_algorithms()) names.emplace_back(algorithm_name(known));
    throw ModelError("unknown NCCL algorithm " + quoted(algorithm) + " (accepted: " + joined(names) + ")");
  }
  std::vector<std::string> names;
  for (NcclProtocol protocol : algorithm_protocols(*parsed)) names.emplace_back(protocol_name(protocol));
  return names;
}

const std::vector<std::string>& nccl_protocol_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (NcclProtocol protocol : all_nccl_protocols()) list.emplace_back(protocol_name(protocol));
    return list;
  }();
  return names;
}

std::vector<NcclCandidate> nccl_candidates(std::string_view collective, std::uint64_t bytes, int ranks,
                                           const Fabric& fabric) {
  const Function function = checked_function(collective);
  const NcclTuner tuner(fabric, ranks);
  if (is_point_to_point(function)) {
    NcclCandidate candidate;
    candidate.algorithm = std::string(kPointToPoint);
    candidate.protocol = "simple";
    const NcclSystem& s = tuner.system();
    candidate.prediction = s.ranks <= 1 || bytes == 0 ? nothing_moves(kPointToPoint, "simple", s)
                                                      : point_to_point(function, bytes, s);
    finish(candidate.prediction, collective, bytes, s.ranks);
    candidate.nccl_estimate_s = candidate.prediction.time_s;
    return {candidate};
  }
  return candidates_of(tuner, function, collective, bytes);
}

double nccl_send_time(const Fabric& fabric, int ranks, int a, int b, std::uint64_t bytes) {
  const NcclSystem s = nccl_system(fabric, ranks);
  if (a == b || bytes == 0) return 0;
  const std::size_t simple = index_of(NcclProtocol::simple);
  const double base = nccl_base_latency_us(NcclAlgorithm::ring)[simple] * s.intra_latency_scale;
  const bool same_node = a / s.gpus_per_node == b / s.gpus_per_node;
  if (same_node) {
    const NcclGraph within = node_ring(s);
    const double bandwidth = within.channels * within.bw_intra * s.intra_bandwidth_efficiency;
    const double step = nccl_hardware_latency_us(s.intra_hardware, NcclAlgorithm::ring)[simple] * s.intra_latency_scale;
    return (base + step + static_cast<double>(bytes) / (1000.0 * bandwidth)) * 1e-6;
  }
  const double bandwidth = std::min(s.nic_bandwidth, s.nic_path_bandwidth) * s.network_bandwidth_efficiency;
  const double step = (nccl_hardware_latency_us(NcclHardware::net, NcclAlgorithm::ring)[simple] +
                       2 * s.network_extra_latency_us) * s.network_latency_scale;
  return (base + step + static_cast<double>(bytes) / (1000.0 * bandwidth)) * 1e-6;
}

Prediction predict_nccl(std::string_view collective, std::string_view algorithm, std::string_view protocol,
                        std::uint64_t bytes, int ranks, const Fabric& fabric) {
  const std::vector<std::string> algorithms = nccl_algorithms(collective);
  if (!algorithm.empty() && std::find(algorithms.begin(), algorithms.end(), algorithm) == algorithms.end()) {
    throw ModelError("NCCL has no algorithm " + quoted(algorithm) + " for " + std::string(collective) +
                     " (accepted: " + joined(algorithms) + ")");
  }
  if (!protocol.empty() && !parse_protocol(protocol)) {
    throw ModelError("unknown NCCL protocol " + quoted(protocol) + " (accepted: " + joined(nccl_protocol_names()) + ")");
  }
  if (!algorithm.empty() && !protocol.empty()) {
    const std::vector<std::string> protocols = nccl_protocols(algorithm);
    if (std::find(protocols.begin(), protocols.end(), protocol) == protocols.end()) {
      throw ModelError("NCCL's " + std::string(algorithm) + " has no protocol " + quoted(protocol) + " (accepted: " +
                       joined(protocols) + ")");
    }
  }
  std::optional<NcclCandidate> best;
  std::vector<std::string> reasons;
  for (NcclCandidate& candidate : nccl_candidates(collective, bytes, ranks, fabric)) {
    if (!algorithm.empty() && candidate.algorithm != algorithm) continue;
    if (!protocol.empty() && candidate.protocol != protocol) continue;
    if (!candidate.unavailable.empty()) {
      reasons.push_back(candidate.algorithm + "/" + candidate.protocol + ": " + candidate.unavailable);
      continue;
    }
    // NCCL's tuner picks the least of its own estimates; ties go to the earlier candidate, as its
    // strict "<" keeps the first minimum.
    if (!best || candidate.nccl_estimate_s < best->nccl_estimate_s) best = std::move(candidate);
  }
  if (!best) {
    const std::string what = (algorithm.empty() ? std::string("NCCL") : std::string(algorithm)) +
                             (protocol.empty() ? "" : "/" + std::string(protocol));
    throw ModelError(one_line_text(what + " does not run " + std::string(collective) + " on " +
                                   std::to_string(ranks) + " ranks of " + fabric.name + ": " +
                                   (reasons.empty() ? std::string("no candidate") : reasons.front())));
  }
  return best->prediction;
}

}  // namespace commbench
