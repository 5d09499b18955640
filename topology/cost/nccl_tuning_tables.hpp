#pragma once
// The figures NCCL's own tuning model is built from, each as NCCL publishes it, so that the
// NCCL model (nccl_cost_model.hpp) is our code over NCCL's numbers. Every table names its
// source: NCCL 2.30.7 (github.com/NVIDIA/nccl, tag v2.30.7-1), the file and the symbol.
// docs/MODELS.md ("The NCCL model") lists them all.
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "topology/fabric/gpu_generation.hpp"

namespace commbench {

// NCCL's algorithms, in the order of NCCL_ALGO_* (src/include/device.h): Tree, Ring,
// CollNet Direct, CollNet Chain, NVLS, NVLS Tree, PAT.
enum class NcclAlgorithm { tree, ring, collnet_direct, collnet_chain, nvls, nvls_tree, pat };
inline constexpr std::size_t kNcclAlgorithms = 7;

// NCCL's protocols, in the order of NCCL_PROTO_*: LL, LL128, Simple.
enum class NcclProtocol { ll, ll128, simple };
inline constexpr std::size_t kNcclProtocols = 3;

// The hardware a step crosses, in the order of NCCL_HW_*: NVLink, PCI, network.
enum class NcclHardware { nvlink, pci, net };

std::size_t index_of(GpuGeneration generation);
std::size_t index_of(NcclAlgorithm algorithm);
std::size_t index_of(NcclProtocol protocol);

// Names as commbench writes them: "ring", "tree", "nvls", "nvls-tree", "collnet-direct",
// "collnet-chain", "pat"; "ll", "ll128", "simple".
std::string_view algorithm_name(NcclAlgorithm algorithm);
std::string_view protocol_name(NcclProtocol protocol);
const std::array<NcclAlgorithm, kNcclAlgorithms>& all_nccl_algorithms();
const std::array<NcclProtocol, kNcclProtocols>& all_nccl_protocols();

using ProtocolTable = std::array<double, kNcclProtocols>;

// tuning.cc, ncclTunerConstantsDefaults.baseLatencies: per-call latency in us by algorithm and
// protocol.
const ProtocolTable& nccl_base_latency_us(NcclAlgorithm algorithm);
// tuning.cc, ncclTunerConstantsDefaults.hwLatencies: latency of one step in us by hardware,
// algorithm and protocol.
const ProtocolTable& nccl_hardware_latency_us(NcclHardware hardware, NcclAlgorithm algorithm);

// Tables indexed [generation or CPU row][node-count column]: the column is 0 for one node,
// 1 for two, 2 for more (tuning.cc, "index2 = nNodes <= 2 ? nNodes - 1 : 2").
using NodeCountTable = std::array<double, 3>;
// tuning.cc, llMaxBws (GB/s): the LL protocol's bandwidth ceiling. Row = GPU generation on one
// node; across nodes row 0 for Intel CPUs and 1 for AMD (index1).
const NodeCountTable& nccl_ll_max_bandwidth_row(std::size_t row);
// tuning.cc, perChMaxRingLL128Bws, perChMaxTreeLL128Bws, perChMaxTreeBws, perChMaxNVLSTreeBws:
// per-channel ceilings in GB/s by GPU generation.
const NodeCountTable& nccl_ring_ll128_channel_max(GpuGeneration generation);
const NodeCountTable& nccl_tree_ll128_channel_max(GpuGeneration generation);
const NodeCountTable& nccl_tree_channel_max(GpuGeneration generation);
const NodeCountTable& nccl_nvls_tree_channel_max(GpuGeneration generation);
// tuning.cc, nvlsEfficiency: the share of NVLink bandwidth NVLS reaches (0 before Hopper).
double nccl_nvls_efficiency(GpuGeneration generation);
// tuning.cc, treeCorrectionFactor[protocol][log2(bytes / 64)] for 64 B to 512 MiB: NCCL's
// correction of the tree's bandwidth at medium sizes; 1 outside the table.
double nccl_tree_correction(NcclProtocol protocol, double bytes);

// src/graph/topo.h, SM70_NVLINK_BW .. SM100_NVLINK_BW: GB/s of one NVLink as NCCL counts it
// (SM80_NVLINK_BW for Ampere; SM86's 12 GB/s is a consumer part).
double nccl_nvlink_bandwidth_gbps(GpuGeneration generation);

// src/graph/search.cc, speedArrayIntra/Inter, sm90SpeedArray*, sm100SpeedArray*: the per-channel
// speeds (GB/s) NCCL's channel search tries, fastest first, within one node and across nodes.
const std::vector<double>& nccl_search_speeds(GpuGeneration generation, bool across_nodes);

// src/include/device.h and comm.h: NCCL_STEPS (slots per channel), MAXCHANNELS, and the
// buffers per channel of each protocol: Simple 4 MiB (DEFAULT_BUFFSIZE, src/init.cc), LL
// NCCL_LL_LINES_PER_THREAD * NCCL_LL_MAX_NTHREADS * NCCL_STEPS * 16 B, LL128
// NCCL_LL128_ELEMS_PER_THREAD * NCCL_LL128_MAX_NTHREADS * NCCL_STEPS * 8 B; NVLS chunks of
// 128 KiB (NCCL_NVLS_CHUNKSIZE default); NVLS channels by default (src/transport/nvls.cc):
// Hopper 16 (NVLS_NCHANNELS_SM90), Blackwell 24 on one node (NVLS_NCHANNELS_SM100_NVL) and 32
// across nodes (NVLS_NCHANNELS_SM100).
inline constexpr int kNcclSteps = 8;
inline constexpr int kNcclMaxChannels = 64;
inline constexpr double kNcclSimpleBufferBytes = 4.0 * 1024 * 1024;
inline constexpr double kNcclLlBufferBytes = 8.0 * 512 * kNcclSteps * 16;      // 512 KiB
inline constexpr double kNcclLl128BufferBytes = 120.0 * 640 * kNcclSteps * 8;  // 4.9 MB
inline constexpr double kNcclNvlsChunkBytes = 128.0 * 1024;
inline constexpr int kNcclNvlsChannelsHopper = 16;
inline constexpr int kNcclNvlsChannelsBlackwellOneNode = 24;
inline constexpr int kNcclNvlsChannelsBlackwell = 32;
// src/include/device.h, NCCL_MAX_NVLS_ARITY and NCCL_MAX_DIRECT_ARITY.
inline constexpr int kNcclMaxNvlsArity = 32;
inline constexpr int kNcclMaxDirectArity = 7;

// tuning.cc, getNetOverhead: the proxy's cost of posting a network operation, us: 1 on Intel
// CPUs, 2 on AMD (x86), 1 elsewhere.
double nccl_net_overhead_us(bool amd_cpu);

}  // namespace commbench
