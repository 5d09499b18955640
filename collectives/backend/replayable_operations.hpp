#pragma once
// Operations recorded once and replayed with a single launch (a CUDA graph), so that the
// host's cost of issuing each operation drops out of what is timed (commbench -G).
namespace commbench {

class ReplayableOperations {
 public:
  virtual ~ReplayableOperations() = default;
  // Issues every recorded operation again, in order; completion as for the originals.
  virtual void replay() = 0;
};

}  // namespace commbench
