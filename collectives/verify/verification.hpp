#pragma once
// Placing a case in the two buffers, filling its input and counting wrong output elements.
// The memory is reached through a PatternAccess: host loops, or CUDA kernels for device memory.
#include <cstddef>
#include <cstdint>

#include "collectives/backend/collective_spec.hpp"
#include "collectives/pattern/data_pattern.hpp"
#include "collectives/pattern/pattern_access.hpp"

namespace commbench {

struct CasePointers {
  void* send = nullptr;
  void* recv = nullptr;
};

// Out of place the input is at the start of send_base and the output at the start of
// recv_base; in place both live in recv_base at nccl-tests' offsets.
CasePointers place_case(void* send_base, void* recv_base, const CollectiveCounts& counts, std::size_t element_size,
                        int rank, bool in_place);

void fill_input(const PatternAccess& access, const DataPattern& pattern, const CollectiveCounts& counts, int rank,
                void* send);

std::uint64_t count_wrong_output(const PatternAccess& access, const CollectiveSpec& spec, const DataPattern& pattern,
                                 int rank, int ranks, std::size_t param_count, int root, const void* recv);

// Test-only fault injection: changes one output element of a block that is checked, so
// that the verification must report it. Returns false when the rank has nothing checked.
bool corrupt_one_output_element(const PatternAccess& access, const CollectiveSpec& spec, int rank, int ranks,
                                std::size_t param_count, int root, std::size_t element_size, void* recv);

}  // namespace commbench
