#pragma once
// How data-parallel training packs gradients into messages (Li et al. 2020, PyTorch DDP):
// gradients become ready in reverse layer order during the backward pass, so they are laid
// out in that order in one flat buffer and cut into buckets of a set size, the first one
// smaller so that communication starts early. A bucket is synchronized as soon as the last
// layer contributing to it has finished its backward pass. A layer larger than a bucket
// spans several buckets that become ready together (DDP's per-tensor buckets split a
// transformer block's tensors the same way).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace commbench {

// PyTorch DDP's defaults: bucket_cap_mb = 25 and a first bucket of 1 MiB
// (torch.distributed._DEFAULT_FIRST_BUCKET_BYTES).
inline constexpr std::uint64_t kDefaultBucketBytes = 25ull << 20;
inline constexpr std::uint64_t kDefaultFirstBucketBytes = 1ull << 20;

struct GradientBucket {
  std::uint64_t offset = 0;           // first element in the flat buffer (padded layout)
  std::uint64_t elements = 0;         // gradient elements it holds
  std::uint64_t padded_elements = 0;  // what its collective moves: elements rounded up to `multiple`
  std::size_t ready_after_layer = 0;  // forward index of the layer whose backward completes it
};

// Buckets over layers given in forward order (element counts). bucket_elements and
// first_bucket_elements are at least 1; each bucket is padded to a multiple of `multiple`
// (the rank count for a reduce-scatter, whose blocks must be equal; 1 for an allreduce), and
// the buckets lie back to back in the padded layout. Ordered as they become ready.
std::vector<GradientBucket> gradient_buckets(const std::vector<std::uint64_t>& layer_elements,
                                             std::uint64_t bucket_elements, std::uint64_t first_bucket_elements,
                                             std::uint64_t multiple);

// n rounded up to a multiple of m (m >= 1).
std::uint64_t rounded_up(std::uint64_t n, std::uint64_t m);

}  // namespace commbench
