#include "bench/commands/predict/prediction_sweep.hpp"

#include <algorithm>
#include <optional>

#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/dtype/dtype.hpp"
#include "reports/format/text_join.hpp"
#include "topology/cost/nccl_cost_model.hpp"
#include "topology/cost/nccl_system.hpp"

namespace commbench {
namespace {

const std::string kAll = "all";
// The type of the messages: nccl-tests' default, as the measured table prints it.
constexpr Dtype kPredictedDtype = Dtype::float32;

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void add_once(std::vector<std::string>& names, const std::string& name) {
  if (!contains(names, name)) names.push_back(name);
}

std::vector<std::string> collective_names(const std::string& collective) {
  if (collective != kAll) return {collective};
  std::vector<std::string> names;
  for (const CollectiveSpec* spec : all_collective_specs()) names.emplace_back(spec->name());
  return names;
}

// NCCL's protocols of an algorithm; for native, those of any of the collective's algorithms,
// in NCCL's order.
std::vector<std::string> protocols_of(const std::string& collective, const std::string& algorithm) {
  if (algorithm != kNativeRequest) return nccl_protocols(algorithm);
  std::vector<std::string> any;
  for (const std::string& own : nccl_algorithms(collective)) {
    for (const std::string& protocol : nccl_protocols(own)) add_once(any, protocol);
  }
  std::vector<std::string> ordered;
  for (const std::string& protocol : nccl_protocol_names()) {
    if (contains(any, protocol)) ordered.push_back(protocol);
  }
  return ordered;
}

std::string group_name(const std::string& algorithm, const std::string& protocol) {
  return protocol.empty() ? algorithm : algorithm + "/" + protocol;
}

// A group's name split back into its algorithm and protocol ("" when the library picks).
std::pair<std::string, std::string> group_parts(const std::string& group) {
  const auto slash = group.find('/');
  if (slash == std::string::npos) return {group, ""};
  return {group.substr(0, slash), group.substr(slash + 1)};
}

PredictionRow row_of(const Prediction& prediction, const std::string& group, bool assumed, std::uint64_t bytes,
                     int ranks, double bus_factor) {
  PredictionRow row;
  row.collective = prediction.collective;
  row.bytes = bytes;
  row.count = bytes / dtype_size(kPredictedDtype);
  row.dtype = std::string(dtype_name(kPredictedDtype));
  row.ranks = ranks;
  row.requested = group;
  row.algorithm = prediction.algorithm;
  row.protocol = prediction.protocol;
  row.channels = prediction.channels;
  row.assumed = assumed;
  row.time_s = prediction.time_s;
  // One rank, or no bytes, moves nothing in no time: no bandwidth rather than a division by 0.
  row.alg_bw = prediction.time_s > 0 ? static_cast<double>(bytes) / prediction.time_s : 0;
  row.bus_bw = row.alg_bw * bus_factor;
  row.bus_bw_factor = bus_factor;
  row.latency_s = prediction.terms.latency_s;
  row.bandwidth_s = prediction.terms.bandwidth_s;
  row.reduction_s = prediction.terms.reduction_s;
  for (const TierTerms& tier : prediction.tiers) {
    row.tiers.push_back({tier.tier, tier.terms.latency_s, tier.terms.bandwidth_s, tier.terms.reduction_s});
  }
  return row;
}

void note_unavailable(std::vector<UnavailablePrediction>& unavailable, const std::string& collective,
                      const std::string& group, const std::string& reason, std::uint64_t bytes) {
  for (UnavailablePrediction& known : unavailable) {
    if (known.collective == collective && known.requested == group && known.reason == reason) {
      known.bytes.push_back(bytes);
      return;
    }
  }
  unavailable.push_back({collective, group, reason, {bytes}});
}

const NcclCandidate& candidate_of(const std::vector<NcclCandidate>& candidates, const std::string& algorithm,
                                  const std::string& protocol) {
  const auto found = std::find_if(candidates.begin(), candidates.end(), [&](const NcclCandidate& c) {
    return c.algorithm == algorithm && c.protocol == protocol;
  });
  // prediction_groups takes the pairs from nccl_protocols, which are the candidates' pairs.
  if (found == candidates.end()) throw ModelError("NCCL does not consider " + algorithm + "/" + protocol + " here");
  return *found;
}

// Why none of algorithm's protocols runs: the reason, or each protocol's when they differ.
std::string unavailable_reason(const std::vector<NcclCandidate>& candidates, const std::string& algorithm) {
  std::vector<std::string> reasons;
  std::vector<std::string> by_protocol;
  for (const NcclCandidate& candidate : candidates) {
    if (candidate.algorithm != algorithm || candidate.unavailable.empty()) continue;
    add_once(reasons, candidate.unavailable);
    by_protocol.push_back(candidate.protocol + ": " + candidate.unavailable);
  }
  if (reasons.size() == 1) return reasons.front();
  if (reasons.empty()) return algorithm + " is not among NCCL's candidates here";
  std::string text;
  for (const std::string& reason : by_protocol) text += (text.empty() ? "" : "; ") + reason;
  return text;
}

}  // namespace

std::vector<PredictedCollective> prediction_groups(ModelFamily family, const std::string& collective,
                                                   const std::string& algorithm, const std::string& protocol) {
  const std::string family_text = "the " + std::string(family_name(family)) + " model family";
  if (family == ModelFamily::mpi && !protocol.empty()) {
    throw UsageError("--protocol: '" + protocol + "' is NCCL's, and a fabric without GPUs is predicted by " +
                     family_text + ", which has no protocols (accepted: --protocol with a GPU fabric, docs/FABRIC.md)");
  }
  const std::vector<std::string> collectives = collective_names(collective);
  std::vector<PredictedCollective> predicted;
  std::vector<std::string> every_algorithm{kNativeRequest};
  bool algorithm_found = false;
  for (const std::string& name : collectives) {
    const std::vector<std::string> own = family_algorithms(family, name);
    for (const std::string& known : own) add_once(every_algorithm, known);
    std::vector<std::string> chosen;
    if (algorithm == kAll) {
      chosen.push_back(kNativeRequest);
      chosen.insert(chosen.end(), own.begin(), own.end());
    } else if (algorithm == kNativeRequest || contains(own, algorithm)) {
      chosen.push_back(algorithm);
    }
    algorithm_found = algorithm_found || !chosen.empty();
    std::vector<std::string> groups;
    for (const std::string& chosen_algorithm : chosen) {
      if (protocol.empty() || (protocol == kAll && chosen_algorithm == kNativeRequest && algorithm == kAll)) {
        // --algo all --protocol all: native stays the library's own pick, beside every pair.
        groups.push_back(chosen_algorithm);
        continue;
      }
      for (const std::string& own_protocol : protocols_of(name, chosen_algorithm)) {
        if (protocol == kAll || protocol == own_protocol) groups.push_back(group_name(chosen_algorithm, own_protocol));
      }
    }
    if (!groups.empty()) predicted.push_back({name, groups});
  }
  if (!algorithm_found) {
    if (collectives.size() == 1) {
      const std::string& name = collectives.front();
      throw UsageError("--algo: " + name + " has no algorithm '" + algorithm + "' in " + family_text +
                       " (accepted for " + name + ": native, " + joined(family_algorithms(family, name)) + ", all)");
    }
    throw UsageError("--algo: no collective has an algorithm '" + algorithm + "' in " + family_text +
                     " (accepted: " + joined(every_algorithm) + ", all)");
  }
  if (predicted.empty()) {
    // Only the protocol can have left nothing: an algorithm asked for explicitly that lacks it.
    const std::string& name = collectives.front();
    const std::string what = algorithm == kNativeRequest ? name : algorithm;
    throw UsageError("--protocol: " + what + " has no protocol '" + protocol + "' in NCCL's model (accepted for " +
                     what + ": " + joined(protocols_of(name, algorithm)) + ", all)");
  }
  return predicted;
}

PredictedSweep predict_sweep(ModelFamily family, const std::vector<PredictedCollective>& collectives,
                             const PredictionScope& scope, const std::vector<std::uint64_t>& sizes) {
  const Fabric& fabric = scope.fabric;
  const int ranks = scope.ranks;
  if (family == ModelFamily::nccl) {
    // What the NCCL model needs of the fabric, checked once rather than found missing at every row.
    try {
      (void)nccl_system(fabric, ranks);
    } catch (const ModelError& error) {
      throw UsageError(std::string("--fabric: ") + error.what());
    }
  }
  // Every group of every collective at every message is a row: bounded before any is computed.
  std::uint64_t planned = 0;
  for (const PredictedCollective& predicted : collectives) {
    const CollectiveSpec& spec = *find_collective_spec(predicted.collective);
    planned += swept_messages(spec, sizes, dtype_size(kPredictedDtype), ranks).size() * predicted.requested.size();
  }
  if (planned > kMaxSweepCases) {
    const std::string most = std::to_string(kMaxSweepCases);
    throw UsageError("predict plans " + std::to_string(planned) + " rows, more than the largest sweep accepted, " +
                     most + " rows (accepted: at most " + most + ", the sizes (-b, -e, -f, -i) x the groups of "
                     "--algo and --protocol over the collectives predicted: fewer of one of them)");
  }
  PredictedSweep sweep;
  for (const PredictedCollective& predicted : collectives) {
    const CollectiveSpec& spec = *find_collective_spec(predicted.collective);
    const double bus_factor = spec.bus_bandwidth_factor(ranks);
    for (const SweptMessage& message : swept_messages(spec, sizes, dtype_size(kPredictedDtype), ranks)) {
      const std::uint64_t bytes = message.bytes;
      // Every pair NCCL considers, with its time or why not: computed once per size, when a
      // group names both an algorithm and a protocol.
      std::optional<std::vector<NcclCandidate>> candidates;
      const auto nccl_pairs = [&]() -> const std::vector<NcclCandidate>& {
        if (!candidates) candidates = nccl_candidates(predicted.collective, bytes, ranks, fabric);
        return *candidates;
      };
      for (const std::string& group : predicted.requested) {
        const auto [algorithm, protocol] = group_parts(group);
        const bool native = algorithm == kNativeRequest;
        const bool nccl_algorithm = family == ModelFamily::nccl && !native;
        try {
          if (nccl_algorithm && !protocol.empty()) {
            const NcclCandidate& candidate = candidate_of(nccl_pairs(), algorithm, protocol);
            if (!candidate.unavailable.empty()) throw ModelError(candidate.unavailable);
            sweep.rows.push_back(row_of(candidate.prediction, group, false, bytes, ranks, bus_factor));
          } else {
            const Prediction prediction =
                predict_case(family, predicted.collective, algorithm, protocol, bytes, ranks, fabric);
            sweep.rows.push_back(row_of(prediction, group, native, bytes, ranks, bus_factor));
          }
        } catch (const ModelError& error) {
          // An NCCL algorithm none of whose protocols runs: why each does not, as NCCL's
          // candidates say it, rather than the choice's summary of them.
          const std::string reason = nccl_algorithm && protocol.empty() ? unavailable_reason(nccl_pairs(), algorithm)
                                                                        : std::string(error.what());
          note_unavailable(sweep.unavailable, predicted.collective, group, reason, bytes);
        }
      }
    }
  }
  return sweep;
}

}  // namespace commbench
