#include "topology/discovery/hwloc_topology.hpp"

#include <cstdlib>
#include <stdexcept>

namespace commbench {

HwlocTopology::HwlocTopology() {
  if (hwloc_topology_init(&topology_) != 0) throw std::runtime_error("hwloc_topology_init failed");
  if (hwloc_topology_load(topology_) != 0) {
    hwloc_topology_destroy(topology_);
    throw std::runtime_error("hwloc_topology_load failed");
  }
}

HwlocTopology::~HwlocTopology() { hwloc_topology_destroy(topology_); }

HwlocBitmap::HwlocBitmap() : bitmap_(hwloc_bitmap_alloc()) {
  if (bitmap_ == nullptr) throw std::runtime_error("hwloc_bitmap_alloc failed");
}

HwlocBitmap::~HwlocBitmap() { hwloc_bitmap_free(bitmap_); }

std::string cpu_list_text(hwloc_const_bitmap_t set) {
  char* text = nullptr;
  if (hwloc_bitmap_list_asprintf(&text, set) < 0 || text == nullptr) throw std::runtime_error("hwloc_bitmap_list_asprintf failed");
  std::string result(text);
  std::free(text);
  return result;
}

}  // namespace commbench
