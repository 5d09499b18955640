#include "topology/discovery/host_map.hpp"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace commbench {
namespace {

// Fixed-size records so that one allgather of bytes carries every rank's strings.
constexpr std::size_t kFieldBytes = 256;

void put_field(std::vector<char>& record, std::size_t offset, const std::string& text) {
  std::memcpy(record.data() + offset, text.data(), std::min(text.size(), kFieldBytes - 1));
}

std::string get_field(const std::vector<char>& all, std::size_t offset) {
  const char* begin = all.data() + offset;
  return std::string(begin, strnlen(begin, kFieldBytes));
}

}  // namespace

std::string local_hostname() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::string local_host_identity() {
  std::string boot_id;
  std::ifstream file("/proc/sys/kernel/random/boot_id");
  std::getline(file, boot_id);
  return local_hostname() + ":" + (boot_id.empty() ? "no-boot-id" : boot_id);
}

HostMap build_host_map(const std::vector<std::string>& names, const std::vector<std::string>& identities) {
  if (names.size() != identities.size()) throw std::invalid_argument("build_host_map: names and identities differ in length");
  HostMap map;
  for (std::size_t rank = 0; rank < identities.size(); ++rank) {
    auto found = std::find_if(map.hosts.begin(), map.hosts.end(),
                              [&](const HostRanks& host) { return host.identity == identities[rank]; });
    if (found == map.hosts.end()) {
      map.hosts.push_back({names[rank], identities[rank], {}});
      found = map.hosts.end() - 1;
    }
    map.local_rank.push_back(static_cast<int>(found->ranks.size()));
    map.host_of_rank.push_back(static_cast<int>(found - map.hosts.begin()));
    found->ranks.push_back(static_cast<int>(rank));
  }
  return map;
}

HostMap gather_host_map(Backend& backend) {
  std::vector<char> record(2 * kFieldBytes, '\0');
  put_field(record, 0, local_hostname());
  put_field(record, kFieldBytes, local_host_identity());
  std::vector<char> all(record.size() * static_cast<std::size_t>(backend.size()));
  backend.allgather(record.data(), all.data(), record.size(), Dtype::int8);
  std::vector<std::string> names, identities;
  for (int rank = 0; rank < backend.size(); ++rank) {
    const std::size_t offset = static_cast<std::size_t>(rank) * record.size();
    names.push_back(get_field(all, offset));
    identities.push_back(get_field(all, offset + kFieldBytes));
  }
  return build_host_map(names, identities);
}

}  // namespace commbench
