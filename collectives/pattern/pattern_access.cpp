#include "collectives/pattern/pattern_access.hpp"

namespace commbench {
namespace {

class HostPatternAccess final : public PatternAccess {
 public:
  void fill(const DataPattern& pattern, void* data, std::size_t count, int rank,
            std::size_t first_index) const override {
    pattern.fill(data, count, rank, first_index);
  }
  void poison(const DataPattern& pattern, void* data, std::size_t count) const override {
    pattern.poison(data, count);
  }
  std::uint64_t count_wrong_copy(const DataPattern& pattern, const void* data, std::size_t count, int source_rank,
                                 std::size_t first_index) const override {
    return pattern.count_wrong_copy(data, count, source_rank, first_index);
  }
  std::uint64_t count_wrong_reduced(const DataPattern& pattern, const void* data, std::size_t count,
                                    std::size_t first_index) const override {
    return pattern.count_wrong_reduced(data, count, first_index);
  }
  void flip_lowest_bit(void* address) const override { *static_cast<unsigned char*>(address) ^= 0x01; }
};

}  // namespace

const PatternAccess& host_pattern_access() {
  static const HostPatternAccess access;
  return access;
}

}  // namespace commbench
