#include "collectives/verify/verification.hpp"

namespace commbench {

CasePointers place_case(void* send_base, void* recv_base, const CollectiveCounts& counts, std::size_t element_size,
                        int rank, bool in_place) {
  if (!in_place) return {send_base, recv_base};
  auto* base = static_cast<char*>(recv_base);
  const std::size_t r = static_cast<std::size_t>(rank);
  return {base + r * counts.send_inplace_offset * element_size, base + r * counts.recv_inplace_offset * element_size};
}

void fill_input(const PatternAccess& access, const DataPattern& pattern, const CollectiveCounts& counts, int rank,
                void* send) {
  access.fill(pattern, send, counts.send_count, rank, 0);
}

std::uint64_t count_wrong_output(const PatternAccess& access, const CollectiveSpec& spec, const DataPattern& pattern,
                                 int rank, int ranks, std::size_t param_count, int root, const void* recv) {
  const std::size_t element_size = dtype_size(pattern.dtype());
  std::uint64_t wrong = 0;
  for (const OutputBlock& block : spec.expected_output(rank, ranks, param_count, root)) {
    const void* data = static_cast<const char*>(recv) + block.output_offset * element_size;
    wrong += block.reduced ? access.count_wrong_reduced(pattern, data, block.count, block.source_index)
                           : access.count_wrong_copy(pattern, data, block.count, block.source_rank, block.source_index);
  }
  return wrong;
}

bool corrupt_one_output_element(const PatternAccess& access, const CollectiveSpec& spec, int rank, int ranks,
                                std::size_t param_count, int root, std::size_t element_size, void* recv) {
  for (const OutputBlock& block : spec.expected_output(rank, ranks, param_count, root)) {
    if (block.count == 0) continue;
    // Flipping the lowest bit of the element's lowest byte changes its value in every dtype.
    access.flip_lowest_bit(static_cast<unsigned char*>(recv) + block.output_offset * element_size);
    return true;
  }
  return false;
}

}  // namespace commbench
