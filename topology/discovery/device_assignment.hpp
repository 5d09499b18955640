#pragma once
// Which GPU each rank uses. Decided from what every rank reports (gathered over MPI) before
// any rank touches a GPU, so that all ranks agree on the outcome: either every rank has a
// device, or every rank throws the same one-line error, and nobody hangs in a collective
// that a peer never reaches.
#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {

// What one rank sees, gathered from every rank over MPI before any GPU is touched.
struct RankDeviceView {
  std::string host_name;             // for messages
  std::string host_identity;         // hostname + boot id (host_map.hpp local_host_identity)
  std::string visible_devices;       // CUDA_VISIBLE_DEVICES as this rank sees it
  bool visible_devices_set = false;  // whether CUDA_VISIBLE_DEVICES is set at all
  int device_count = 0;              // cudaGetDeviceCount on this rank (devices CUDA shows it)
};

// The ranks cannot all be given a GPU of their own. what() is one line that names the host,
// the number of GPUs and of ranks, CUDA_VISIBLE_DEVICES, and what to do.
class DeviceAssignmentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The CUDA ordinal (among the rank's visible devices) for every rank, in rank order.
// Ranks on one host that see the same device list (the same CUDA_VISIBLE_DEVICES, or it
// unset) share it: the k-th such rank, in rank order, takes device k. Ranks that see
// different lists (a launcher that binds one GPU per task, e.g. srun --gpus-per-task=1, sets
// CUDA_VISIBLE_DEVICES per rank) each count only within their own group.
// Throws DeviceAssignmentError when a group has more ranks than devices or sees no device;
// when several groups fail, the one holding the lowest rank is reported.
std::vector<int> assign_devices(const std::vector<RankDeviceView>& ranks);

}  // namespace commbench
