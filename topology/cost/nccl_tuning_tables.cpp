#include "topology/cost/nccl_tuning_tables.hpp"

#include <cmath>

namespace commbench {
namespace {

// Every table below is copied from NCCL 2.30.7 (tag v2.30.7-1) as published; the comments
// name the symbol. Rows and columns keep NCCL's order so that a reader can hold them side by
// side with the source.

// src/graph/tuning.cc, ncclTunerConstantsDefaults.baseLatencies (us), [algorithm][protocol].
constexpr std::array<ProtocolTable, kNcclAlgorithms> kBaseLatency = {{
    {6.8, 14.0, 8.4},  // Tree
    {6.6, 14.0, 8.4},  // Ring
    {0, 0, 0},         // CollNet Direct
    {0, 0, 0},         // CollNet Chain
    {0, 0, 0},         // NVLS
    {0, 0, 0},         // NVLS Tree
    {8.0, 8.0, 8.0},   // PAT
}};

// src/graph/tuning.cc, ncclTunerConstantsDefaults.hwLatencies (us), [hardware][algorithm][protocol].
constexpr std::array<std::array<ProtocolTable, kNcclAlgorithms>, 3> kHardwareLatency = {{
    {{{0.6, 1.25, 4.0}, {0.6, 1.9, 3.4}, {0, 0, 3.7}, {0, 0, 2.8}, {0, 0, 25}, {0, 0, 25}, {0, 0, 4.0}}},  // NVLink
    {{{1.0, 1.9, 4.0}, {1.0, 2.5, 5.7}, {0, 0, 3.7}, {0, 0, 2.8}, {0, 0, 0}, {0, 0, 0}, {0, 0, 4.0}}},     // PCI
    {{{5.0, 8.5, 14}, {2.7, 4.0, 14.0}, {0, 0, 31}, {0, 0, 30}, {0, 0, 18}, {0, 0, 20.9}, {0, 0, 14}}},    // network
}};

// src/graph/tuning.cc, llMaxBws (GB/s): rows Volta/Intel, Ampere/AMD, Hopper, Blackwell.
constexpr std::array<NodeCountTable, 4> kLlMaxBandwidth = {{
    {39.0, 39.0, 20.4},
    {87.7, 22.5, 19.0},
    {141.0, 45.0, 35.0},
    {2 * 141.0, 2 * 45.0, 2 * 35.0},
}};

// src/graph/tuning.cc, perChMaxRingLL128Bws, perChMaxTreeLL128Bws, perChMaxTreeBws,
// perChMaxNVLSTreeBws (GB/s), rows Volta, Ampere, Hopper, Blackwell.
constexpr std::array<NodeCountTable, 4> kRingLl128ChannelMax = {{
    {20.0, 20.0, 20.0}, {20.0, 20.0, 20.0}, {36.7, 36.7, 36.7}, {40.0, 40.0, 40.0}}};
constexpr std::array<NodeCountTable, 4> kTreeLl128ChannelMax = {{
    {20.0, 20.0, 20.0}, {20.0, 20.0, 20.0}, {36.7, 36.7, 29.0}, {55.6, 31.67, 20.0}}};
constexpr std::array<NodeCountTable, 4> kTreeChannelMax = {{
    {26.5, 18.5, 10.0}, {24.0, 23.6, 17.8}, {38.7, 41.4, 36.0}, {70.0, 42.8, 24.0}}};
constexpr std::array<NodeCountTable, 4> kNvlsTreeChannelMax = {{
    {26.5, 18.5, 10.0}, {24.0, 23.6, 17.8}, {0.0, 57.7, 45.5}, {0.0, 96.0, 80.0}}};

// src/graph/tuning.cc, nvlsEfficiency.
constexpr std::array<double, 4> kNvlsEfficiency = {0.0, 0.0, 0.85, 0.74};

// src/graph/tuning.cc, treeCorrectionFactor[protocol][log2(bytes >> 6)], 64 B to 512 MiB.
constexpr std::array<std::array<double, 24>, kNcclProtocols> kTreeCorrection = {{
    {1.0, 1.0, 1.0, 1.0, .9, .8, .7, .7, .7, .7, .6, .5, .4, .4, .5, .6, .7, .8, .9, 1.0, 1.0, 1.0, 1.0, 1.0},
    {1.0, 1.0, 1.0, 1.0, 1.0, .9, .8, .8, .8, .7, .6, .6, .6, .6, .6, .6, .8, .9, .9, .9, .9, 1.0, 1.0, 1.0},
    {.9, .9, .9, .9, .9, .9, .9, .8, .7, .6, .6, .5, .5, .5, .5, .6, .7, .8, .7, .7, .8, .9, .9, .9},
}};

// src/graph/topo.h: SM70_NVLINK_BW, SM80_NVLINK_BW, SM90_NVLINK_BW, SM100_NVLINK_BW (GB/s).
constexpr std::array<double, 4> kNvlinkBandwidth = {20.0, 20.0, 20.6, 40.1};

// src/graph/search.cc: speedArrayIntra, speedArrayInter (Volta, Ampere), sm90SpeedArrayIntra,
// sm90SpeedArrayInter, sm100SpeedArrayIntra, sm100SpeedArrayInter (GB/s per channel).
const std::vector<double> kSpeedsIntra = {40.0, 30.0, 20.0, 18.0, 15.0, 12.0, 10.0, 9.0, 7.0, 6.0, 5.0, 4.0, 3.0};
const std::vector<double> kSpeedsInter = {48.0, 30.0, 28.0, 24.0, 20.0, 18.0, 15.0, 12.0, 10.0, 9.0,
                                          7.0,  6.0,  5.0,  4.0,  3.0,  2.4,  1.2,  0.24, 0.12};
const std::vector<double> kSm90SpeedsIntra = {60.0, 50.0, 40.0, 30.0, 24.0, 20.0, 15.0, 12.0, 11.0, 6.0, 3.0};
const std::vector<double> kSm90SpeedsInter = {48.0, 45.0, 42.0, 40.0, 30.0, 24.0, 22.0, 20.0, 17.5,
                                              15.0, 12.0, 6.0,  3.0,  2.4,  1.2,  0.24, 0.12};
const std::vector<double> kSm100SpeedsIntra = {90.0, 80.0, 70.0, 60.0, 50.0, 45.0, 40.0, 30.0, 24.0, 20.0, 19.0, 18.0};
const std::vector<double> kSm100SpeedsInter = {96.0, 86.0, 80.0, 48.0, 45.1, 42.0, 40.0, 30.0, 24.0, 22.0,
                                               20.0, 17.5, 15.0, 12.0, 6.0,  3.0,  2.4,  1.2,  0.24, 0.12};

}  // namespace

std::size_t index_of(GpuGeneration generation) { return static_cast<std::size_t>(generation); }
std::size_t index_of(NcclAlgorithm algorithm) { return static_cast<std::size_t>(algorithm); }
std::size_t index_of(NcclProtocol protocol) { return static_cast<std::size_t>(protocol); }

std::string_view algorithm_name(NcclAlgorithm algorithm) {
  static constexpr std::array<std::string_view, kNcclAlgorithms> names = {
      "tree", "ring", "collnet-direct", "collnet-chain", "nvls", "nvls-tree", "pat"};
  return names[index_of(algorithm)];
}

std::string_view protocol_name(NcclProtocol protocol) {
  static constexpr std::array<std::string_view, kNcclProtocols> names = {"ll", "ll128", "simple"};
  return names[index_of(protocol)];
}

const std::array<NcclAlgorithm, kNcclAlgorithms>& all_nccl_algorithms() {
  // The order commbench lists them in: the common ones first.
  static constexpr std::array<NcclAlgorithm, kNcclAlgorithms> all = {
      NcclAlgorithm::ring,          NcclAlgorithm::tree,          NcclAlgorithm::nvls, NcclAlgorithm::nvls_tree,
      NcclAlgorithm::collnet_direct, NcclAlgorithm::collnet_chain, NcclAlgorithm::pat};
  return all;
}

const std::array<NcclProtocol, kNcclProtocols>& all_nccl_protocols() {
  static constexpr std::array<NcclProtocol, kNcclProtocols> all = {NcclProtocol::ll, NcclProtocol::ll128,
                                                                   NcclProtocol::simple};
  return all;
}

const ProtocolTable& nccl_base_latency_us(NcclAlgorithm algorithm) { return kBaseLatency[index_of(algorithm)]; }

const ProtocolTable& nccl_hardware_latency_us(NcclHardware hardware, NcclAlgorithm algorithm) {
  return kHardwareLatency[static_cast<std::size_t>(hardware)][index_of(algorithm)];
}

const NodeCountTable& nccl_ll_max_bandwidth_row(std::size_t row) { return kLlMaxBandwidth.at(row); }
const NodeCountTable& nccl_ring_ll128_channel_max(GpuGeneration g) { return kRingLl128ChannelMax[index_of(g)]; }
const NodeCountTable& nccl_tree_ll128_channel_max(GpuGeneration g) { return kTreeLl128ChannelMax[index_of(g)]; }
const NodeCountTable& nccl_tree_channel_max(GpuGeneration g) { return kTreeChannelMax[index_of(g)]; }
const NodeCountTable& nccl_nvls_tree_channel_max(GpuGeneration g) { return kNvlsTreeChannelMax[index_of(g)]; }
double nccl_nvls_efficiency(GpuGeneration generation) { return kNvlsEfficiency[index_of(generation)]; }

double nccl_tree_correction(NcclProtocol protocol, double bytes) {
  // NCCL: logSize = log2i(nBytes >> 6), applied for 0 <= logSize < 23 (ncclTopoGetAlgoTime).
  if (bytes < 64) return 1.0;
  const int log_size = static_cast<int>(std::floor(std::log2(std::floor(bytes / 64))));
  if (log_size < 0 || log_size >= 23) return 1.0;
  return kTreeCorrection[index_of(protocol)][static_cast<std::size_t>(log_size)];
}

double nccl_nvlink_bandwidth_gbps(GpuGeneration generation) { return kNvlinkBandwidth[index_of(generation)]; }

const std::vector<double>& nccl_search_speeds(GpuGeneration generation, bool across_nodes) {
  switch (generation) {
    case GpuGeneration::blackwell:
      return across_nodes ? kSm100SpeedsInter : kSm100SpeedsIntra;
    case GpuGeneration::hopper:
      return across_nodes ? kSm90SpeedsInter : kSm90SpeedsIntra;
    default:
      return across_nodes ? kSpeedsInter : kSpeedsIntra;
  }
}

double nccl_net_overhead_us(bool amd_cpu) { return amd_cpu ? 2.0 : 1.0; }

}  // namespace commbench
