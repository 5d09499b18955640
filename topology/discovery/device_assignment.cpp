#include "topology/discovery/device_assignment.hpp"

#include <algorithm>
#include <cstdio>

namespace commbench {
namespace {

// Ranks that draw their GPUs from one pool: the same host and the same device list.
struct DeviceGroup {
  const RankDeviceView* first = nullptr;  // the lowest rank: host name and device list for messages
  std::vector<int> ranks;                 // in rank order
  int device_count = 0;
};

bool same_pool(const RankDeviceView& a, const RankDeviceView& b) {
  return a.host_identity == b.host_identity && a.visible_devices_set == b.visible_devices_set &&
         (!a.visible_devices_set || a.visible_devices == b.visible_devices);
}

// Host names and CUDA_VISIBLE_DEVICES come from the ranks' environment; escaped so that the
// error stays one printable line whatever they hold.
std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    }
  }
  return out;
}

std::string describe_visible_devices(const RankDeviceView& view) {
  if (!view.visible_devices_set) return "CUDA_VISIBLE_DEVICES unset";
  if (view.visible_devices.empty()) return "CUDA_VISIBLE_DEVICES set but empty";
  return "CUDA_VISIBLE_DEVICES=" + printable(view.visible_devices);
}

std::string plural(int count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// "rank 3" or "ranks 0, 2, 4": enough to find them, short enough for one line.
std::string describe_ranks(const std::vector<int>& ranks) {
  constexpr std::size_t kShown = 8;
  std::string text = ranks.size() == 1 ? "rank " : "ranks ";
  for (std::size_t i = 0; i < ranks.size() && i < kShown; ++i) text += (i ? ", " : "") + std::to_string(ranks[i]);
  if (ranks.size() > kShown) text += ", ...";
  return text;
}

std::string describe_failure(const DeviceGroup& group, bool whole_host) {
  const std::string host = printable(group.first->host_name);
  const std::string devices = describe_visible_devices(*group.first);
  const int rank_count = static_cast<int>(group.ranks.size());
  if (group.device_count == 0) {
    return "no CUDA device is visible on host " + host + " to " +
           (whole_host && rank_count > 1 ? "its " + plural(rank_count, "rank") : describe_ranks(group.ranks)) + " (" +
           devices + "); make a GPU visible to every rank, or use --backend mpi to measure over MPI";
  }
  const std::string gpus = plural(group.device_count, "GPU");
  if (whole_host) {
    return "host " + host + " runs " + plural(rank_count, "rank") + " but CUDA shows them " + gpus + " (" + devices +
           "); run at most " + std::to_string(group.device_count) + " ranks per host (mpirun -npernode " +
           std::to_string(group.device_count) + ") or make more GPUs visible";
  }
  // Other ranks on this host see other device lists: the launcher binds GPUs per rank, and
  // these ranks were bound to too few.
  return "host " + host + " runs " + plural(rank_count, "rank") + " (" + describe_ranks(group.ranks) + ") with " +
         devices + " but CUDA shows them " + gpus + "; give each rank a GPU of its own (e.g. srun --gpus-per-task=1) " +
         "or make more GPUs visible";
}

}  // namespace

std::vector<int> assign_devices(const std::vector<RankDeviceView>& ranks) {
  std::vector<DeviceGroup> groups;  // in order of each group's lowest rank
  std::vector<int> ordinal(ranks.size(), 0);
  for (std::size_t rank = 0; rank < ranks.size(); ++rank) {
    const RankDeviceView& view = ranks[rank];
    auto found = std::find_if(groups.begin(), groups.end(),
                              [&](const DeviceGroup& group) { return same_pool(*group.first, view); });
    // Ranks that see the same list should see the same count; if they do not, the smallest
    // is the one every member is sure to have.
    const int count = std::max(view.device_count, 0);
    if (found == groups.end()) {
      groups.push_back({&view, {}, count});
      found = groups.end() - 1;
    }
    found->device_count = std::min(found->device_count, count);
    ordinal[rank] = static_cast<int>(found->ranks.size());
    found->ranks.push_back(static_cast<int>(rank));
  }
  for (const DeviceGroup& group : groups) {
    if (static_cast<int>(group.ranks.size()) <= group.device_count) continue;
    const bool whole_host = std::none_of(groups.begin(), groups.end(), [&](const DeviceGroup& other) {
      return &other != &group && other.first->host_identity == group.first->host_identity;
    });
    throw DeviceAssignmentError(describe_failure(group, whole_host));
  }
  return ordinal;
}

}  // namespace commbench
