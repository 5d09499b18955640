#pragma once
// The NCCL model family: what a collective takes when NCCL runs it on a GPU fabric, following
// NCCL's own tuning model (src/graph/tuning.cc) over the channels its topology search builds
// (nccl_channel_search.hpp): algorithms Ring, Tree, NVLS, NVLS Tree, CollNet Direct and Chain,
// and PAT; protocols LL, LL128 and Simple; a per-call base latency plus per-step latencies by
// algorithm, protocol and tier; per-protocol bandwidth ceilings; NCCL's enable rules; and, on top
// of NCCL's estimate, the fill of each protocol's pipeline (docs/MODELS.md, "The NCCL
// model", derives and sources every term). "native" is what NCCL's tuner picks: the least
// predicted time over what it enables for the case.
//
// Sizes follow the report's convention (docs/METRICS.md), which is also NCCL's nBytes: the whole
// output of allgather, the whole input of reducescatter, the message of the others.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "topology/cost/cost_model.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// NCCL's algorithms for a collective, in a stable order: allreduce ring, tree, nvls, nvls-tree,
// collnet-direct, collnet-chain; allgather and reducescatter ring, pat, nvls, collnet-direct;
// broadcast and reduce ring; alltoall and sendrecv p2p (grouped sends and receives, which NCCL's
// tuner does not choose among). Throws ModelError for a collective the models do not have.
std::vector<std::string> nccl_algorithms(std::string_view collective);

// The protocols of an algorithm: ring and tree ll, ll128, simple; the others simple. Throws
// ModelError for an unknown algorithm.
std::vector<std::string> nccl_protocols(std::string_view algorithm);

// Every protocol name: ll, ll128, simple.
const std::vector<std::string>& nccl_protocol_names();

// The model's time for the case on fabric as NCCL runs it. An empty algorithm or protocol is
// NCCL's choice (its tuner's rule: the least predicted time among what it enables); a named one
// restricts the choice as NCCL_ALGO and NCCL_PROTO do. The prediction names the family "nccl",
// the algorithm, the protocol and the channels. Throws ModelError (one line) for a name the
// collective does not have, a fabric the model cannot use (nccl_system), or a choice NCCL would
// not run for this case, saying why (e.g. "nvls needs an NVSwitch that reduces (NVLink SHARP),
// and tier 'nvlink' of dgx-a100 does not").
Prediction predict_nccl(std::string_view collective, std::string_view algorithm, std::string_view protocol,
                        std::uint64_t bytes, int ranks, const Fabric& fabric);

// The (algorithm, protocol) pairs NCCL would consider for the case with their predictions, in
// nccl_algorithms order, and, for the others, why not: what `commbench predict --algo all
// --protocol all` shows. NCCL chooses by its own estimate, which the model keeps apart from its
// prediction (docs/MODELS.md: the model refines NCCL's estimate where published measurements
// show it off, but NCCL runs what its estimate prefers). Throws what nccl_system throws.
struct NcclCandidate {
  std::string algorithm;
  std::string protocol;
  std::string unavailable;  // empty: prediction holds the time
  Prediction prediction;
  double nccl_estimate_s = 0;  // NCCL's own estimate (ncclTopoGetAlgoTime), what its tuner compares
};
std::vector<NcclCandidate> nccl_candidates(std::string_view collective, std::uint64_t bytes, int ranks,
                                           const Fabric& fabric);

// One send of bytes from rank a to rank b (a != b) of a run of `ranks` ranks as NCCL carries it
// (pipeline stages): within a node at the bandwidth NCCL's ring reaches there, across nodes over
// one NIC and its PCIe path; the Simple protocol's base latency plus one step on the tier crossed.
// Throws ModelError as predict_nccl does.
double nccl_send_time(const Fabric& fabric, int ranks, int a, int b, std::uint64_t bytes);

}  // namespace commbench
