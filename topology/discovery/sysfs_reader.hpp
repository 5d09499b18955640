#pragma once
// Reading one sysfs attribute, keeping the reason when it cannot be read. sysfs reports
// "no value" through the read itself (e.g. /sys/class/net/<iface>/speed fails with EINVAL on
// a virtual or down interface), so the errno text is the reason a report shows.
#include <filesystem>
#include <optional>
#include <string>

namespace commbench {

struct SysfsText {
  std::optional<std::string> text;  // the content without trailing newline and spaces
  std::string problem;              // with no text: "read <path>: <strerror>"
};

SysfsText read_sysfs_text(const std::filesystem::path& path);

struct SysfsInteger {
  std::optional<long long> value;
  std::string problem;
};

// The attribute as a decimal integer; unreadable or not a number gives the problem.
SysfsInteger read_sysfs_integer(const std::filesystem::path& path);

// A NUMA node attribute (…/device/numa_node): -1 means the kernel does not know it, which
// is reported as unknown with that reason rather than as node -1.
SysfsInteger read_sysfs_numa_node(const std::filesystem::path& path);

}  // namespace commbench
