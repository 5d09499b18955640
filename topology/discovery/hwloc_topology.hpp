#pragma once
// An hwloc topology loaded for this machine, destroyed with the object.
#include <hwloc.h>

#include <string>

namespace commbench {

class HwlocTopology {
 public:
  HwlocTopology();  // throws std::runtime_error naming the failing hwloc call
  ~HwlocTopology();
  HwlocTopology(const HwlocTopology&) = delete;
  HwlocTopology& operator=(const HwlocTopology&) = delete;

  hwloc_topology_t get() const { return topology_; }

 private:
  hwloc_topology_t topology_ = nullptr;
};

// A bitmap allocated by hwloc, freed with the object.
class HwlocBitmap {
 public:
  HwlocBitmap();
  ~HwlocBitmap();
  HwlocBitmap(const HwlocBitmap&) = delete;
  HwlocBitmap& operator=(const HwlocBitmap&) = delete;

  hwloc_bitmap_t get() const { return bitmap_; }

 private:
  hwloc_bitmap_t bitmap_ = nullptr;
};

// "0-15,32-47", as hwloc-calc, taskset -c and nvidia-smi write CPU lists.
std::string cpu_list_text(hwloc_const_bitmap_t set);

}  // namespace commbench
