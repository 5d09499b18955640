// The table of explicit algorithms, the workspace, and the checks every call passes before
// its first message. The algorithms themselves live one family per file
// (explicit_algorithm_parts.hpp lists them).
#include "collectives/algorithms/explicit_algorithms.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "collectives/algorithms/explicit_algorithm_parts.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

struct AlgorithmRow {
  std::string_view collective;
  std::string_view algorithm;
  const ExplicitAlgorithm* implementation;
};

// In the order explicit_algorithms() and algorithm_names() list them.
const std::array<AlgorithmRow, 8>& algorithm_table() {
  static const std::array<AlgorithmRow, 8> rows{{
      {"allreduce", "ring", &kRingAllreduce},
      {"allreduce", "recursive-doubling", &kRecursiveDoublingAllreduce},
      {"allreduce", "rabenseifner", &kRabenseifnerAllreduce},
      {"allreduce", "hierarchical", &kHierarchicalAllreduce},
      {"allgather", "ring", &kRingAllgather},
      {"reducescatter", "ring", &kRingReducescatter},
      {"broadcast", "binomial", &kBinomialBroadcast},
      {"reduce", "binomial", &kBinomialReduce},
  }};
  return rows;
}

const AlgorithmRow& find_algorithm(std::string_view collective, std::string_view algorithm) {
  for (const AlgorithmRow& row : algorithm_table()) {
    if (row.collective == collective && row.algorithm == algorithm) return row;
  }
  const std::string pair =
      "collective \"" + std::string(collective) + "\" with algorithm \"" + std::string(algorithm) + "\"";
  if (algorithm == kNativeAlgorithm) {
    throw std::invalid_argument(pair + ": \"native\" is the library's own collective, run through its CollectiveSpec, "
                                       "not an explicit algorithm");
  }
  const std::vector<std::string> known = explicit_algorithms(collective);
  if (find_collective_spec(collective) == nullptr) {
    throw std::invalid_argument(pair + ": there is no such collective");
  }
  throw std::invalid_argument(pair + ": " +
                              (known.empty() ? std::string("this collective has no explicit algorithm")
                                             : "no such algorithm for this collective; it has " + joined(known)));
}

HostLayout host_layout(const std::vector<int>& host_of_rank, int ranks) {
  HostLayout layout;
  if (host_of_rank.size() != static_cast<std::size_t>(ranks)) {
    layout.unavailable = "hierarchical needs the host of each of the " + std::to_string(ranks) +
                         " ranks, but was given " + std::to_string(host_of_rank.size()) + " host indices";
    return layout;
  }
  std::map<int, int> ranks_on_host;
  for (std::size_t rank = 0; rank < host_of_rank.size(); ++rank) {
    if (host_of_rank[rank] < 0) {
      layout.unavailable = "hierarchical needs host indices of 0 or more, but rank " + std::to_string(rank) +
                           " has " + std::to_string(host_of_rank[rank]);
      return layout;
    }
    ++ranks_on_host[host_of_rank[rank]];
  }
  const auto& [first_host, first_count] = *ranks_on_host.begin();
  for (const auto& [host, count] : ranks_on_host) {
    if (count != first_count) {
      layout.unavailable = "hierarchical needs the same number of ranks on every host, but host " +
                           std::to_string(first_host) + " has " + std::to_string(first_count) + " and host " +
                           std::to_string(host) + " has " + std::to_string(count);
      return layout;
    }
  }
  layout.hosts = static_cast<int>(ranks_on_host.size());
  layout.ranks_per_host = first_count;
  return layout;
}

// The scratch covers every algorithm up to max_bytes: the most any needs is the whole vector
// (recursive doubling, Rabenseifner's fold, the binomial reduce) or two ring blocks of
// ceil(n / p) elements, which for p >= 2 is at most one element more than the vector.
std::size_t scratch_bytes_for(std::size_t max_bytes) {
  std::size_t largest_element = 0;
  for (Dtype dtype : all_dtypes()) largest_element = std::max(largest_element, dtype_size(dtype));
  return max_bytes + largest_element;
}

}  // namespace

AlgorithmWorkspace::State::State(Backend& backend, std::size_t max_bytes, std::vector<int> host_of_rank)
    : backend_(backend),
      scratch_bytes_(scratch_bytes_for(max_bytes)),
      scratch_(backend.allocate(scratch_bytes_)),
      host_of_rank_(std::move(host_of_rank)),
      layout_(host_layout(host_of_rank_, backend.size())) {}

Backend& AlgorithmWorkspace::State::within_host() {
  if (!within_host_) split_by_host();
  return *within_host_;
}

Backend& AlgorithmWorkspace::State::across_hosts() {
  if (!across_hosts_) split_by_host();
  return *across_hosts_;
}

void AlgorithmWorkspace::State::split_by_host() {
  const int rank = backend_.rank();
  const int host = host_of_rank_[static_cast<std::size_t>(rank)];
  const auto before = host_of_rank_.begin() + rank;
  const int position = static_cast<int>(std::count(host_of_rank_.begin(), before, host));
  within_host_ = backend_.split(host, rank);
  across_hosts_ = backend_.split(position, host);
}

void* AlgorithmContext::scratch(std::size_t elements) const {
  if (elements * dtype_size(dtype_) > scratch_bytes_) {
    throw std::logic_error("explicit algorithm: a step asked for " + std::to_string(elements * dtype_size(dtype_)) +
                           " B of scratch beyond what the call was checked for (" + std::to_string(scratch_bytes_) +
                           " B)");
  }
  return scratch_;
}

AlgorithmWorkspace::AlgorithmWorkspace(Backend& backend, std::size_t max_bytes, std::vector<int> host_of_rank)
    : state_(std::make_unique<State>(backend, max_bytes, std::move(host_of_rank))) {}

AlgorithmWorkspace::~AlgorithmWorkspace() = default;

AlgorithmWorkspace::State& AlgorithmWorkspace::state() { return *state_; }
const AlgorithmWorkspace::State& AlgorithmWorkspace::state() const { return *state_; }

std::vector<std::string> explicit_algorithms(std::string_view collective) {
  std::vector<std::string> names;
  for (const AlgorithmRow& row : algorithm_table()) {
    if (row.collective == collective) names.emplace_back(row.algorithm);
  }
  return names;
}

std::vector<std::string> algorithm_names() {
  std::vector<std::string> names{kNativeAlgorithm};
  for (const AlgorithmRow& row : algorithm_table()) {
    if (std::find(names.begin(), names.end(), row.algorithm) == names.end()) names.emplace_back(row.algorithm);
  }
  return names;
}

std::string algorithm_unavailable(std::string_view collective, std::string_view algorithm,
                                  const AlgorithmWorkspace& workspace) {
  const AlgorithmRow& row = find_algorithm(collective, algorithm);
  if (row.implementation == &kHierarchicalAllreduce) return workspace.state().hierarchical_unavailable();
  return {};
}

std::function<void()> prepare_explicit_algorithm(std::string_view collective, std::string_view algorithm,
                                                 Backend& backend, const CollectiveCall& call,
                                                 AlgorithmWorkspace& workspace) {
  const AlgorithmRow& row = find_algorithm(collective, algorithm);
  AlgorithmWorkspace::State& state = workspace.state();
  const auto where = [&] { return std::string(collective) + " with algorithm " + std::string(algorithm); };
  // Every check below gives the same answer on every rank, before any message.
  if (backend.size() != state.backend().size() || backend.rank() != state.backend().rank()) {
    throw std::invalid_argument(where() + ": the workspace was made for another communicator (rank " +
                                std::to_string(state.backend().rank()) + " of " +
                                std::to_string(state.backend().size()) + ", not rank " +
                                std::to_string(backend.rank()) + " of " + std::to_string(backend.size()) + ")");
  }
  if (row.implementation == &kHierarchicalAllreduce && !state.hierarchical_unavailable().empty()) {
    throw std::runtime_error(where() + " cannot run: " + state.hierarchical_unavailable());
  }
  const CollectiveSpec* spec = find_collective_spec(collective);
  if (spec->uses_root() && (call.root < 0 || call.root >= backend.size())) {
    throw std::invalid_argument(where() + ": root " + std::to_string(call.root) + " is not one of the " +
                                std::to_string(backend.size()) + " ranks");
  }
  // Nothing to move, on every rank alike (the count is the same everywhere).
  if (call.param_count == 0) return [] {};
  const std::size_t scratch_bytes =
      row.implementation->scratch_elements(call.param_count, state) * dtype_size(call.dtype);
  if (scratch_bytes > state.scratch_bytes()) {
    throw std::runtime_error(where() + " of " + std::to_string(call.param_count) + " elements needs " +
                             std::to_string(scratch_bytes) + " B of scratch, but the workspace holds " +
                             std::to_string(state.scratch_bytes()) +
                             " B: make it with max_bytes of at least the largest message");
  }
  const AlgorithmContext context(backend, call.dtype, call.op, state.scratch(), state.scratch_bytes());
  const ExplicitAlgorithm* implementation = row.implementation;
  return [implementation, context, &call, &state] { implementation->run(context, call, state); };
}

void run_explicit_algorithm(std::string_view collective, std::string_view algorithm, Backend& backend,
                            const CollectiveCall& call, AlgorithmWorkspace& workspace) {
  prepare_explicit_algorithm(collective, algorithm, backend, call, workspace)();
}

}  // namespace commbench
