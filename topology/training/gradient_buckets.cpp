#include "topology/training/gradient_buckets.hpp"

#include <algorithm>
#include <stdexcept>

namespace commbench {

std::uint64_t rounded_up(std::uint64_t n, std::uint64_t m) { return (n + m - 1) / m * m; }

std::vector<GradientBucket> gradient_buckets(const std::vector<std::uint64_t>& layer_elements,
                                             std::uint64_t bucket_elements, std::uint64_t first_bucket_elements,
                                             std::uint64_t multiple) {
  if (bucket_elements == 0 || first_bucket_elements == 0 || multiple == 0) {
    throw std::invalid_argument("gradient_buckets: bucket sizes and the multiple must be at least 1");
  }
  std::vector<GradientBucket> buckets;
  GradientBucket open;  // the bucket being filled
  std::uint64_t offset = 0;
  auto capacity = [&] { return buckets.empty() ? first_bucket_elements : bucket_elements; };
  auto close = [&] {
    open.offset = offset;
    open.padded_elements = rounded_up(open.elements, multiple);
    offset += open.padded_elements;
    buckets.push_back(open);
    open = GradientBucket{};
  };
  for (std::size_t layer = layer_elements.size(); layer-- > 0;) {
    std::uint64_t left = layer_elements[layer];
    while (left > 0) {
      const std::uint64_t taken = std::min(left, capacity() - open.elements);
      open.elements += taken;
      open.ready_after_layer = layer;  // the layer reached last in backward completes it
      left -= taken;
      if (open.elements == capacity()) close();
    }
  }
  if (open.elements > 0) close();
  return buckets;
}

}  // namespace commbench
