#include "topology/discovery/sysfs_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace commbench {

SysfsText read_sysfs_text(const std::filesystem::path& path) {
  SysfsText result;
  // POSIX calls rather than std::ifstream: a stream hides errno, and errno is the answer
  // (EINVAL for "speed" of a down link, EACCES, ENOENT).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    result.problem = "open " + path.string() + ": " + std::strerror(errno);
    return result;
  }
  std::string content;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      result.problem = "read " + path.string() + ": " + std::strerror(errno);
      ::close(fd);
      return result;
    }
    if (got == 0) break;
    content.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  while (!content.empty() && (content.back() == '\n' || content.back() == ' ' || content.back() == '\0'))
    content.pop_back();
  result.text = content;
  return result;
}

SysfsInteger read_sysfs_integer(const std::filesystem::path& path) {
  SysfsInteger result;
  const SysfsText text = read_sysfs_text(path);
  if (!text.text) {
    result.problem = text.problem;
    return result;
  }
  const std::string& value = *text.text;
  errno = 0;
  char* end = nullptr;
  const long long number = std::strtoll(value.c_str(), &end, 10);
  if (value.empty() || end == value.c_str() || *end != '\0' || errno == ERANGE) {
    result.problem = path.string() + " holds \"" + value + "\", not an integer";
    return result;
  }
  result.value = number;
  return result;
}

SysfsInteger read_sysfs_numa_node(const std::filesystem::path& path) {
  SysfsInteger result = read_sysfs_integer(path);
  if (result.value && *result.value < 0) {
    result.problem = path.string() + " is " + std::to_string(*result.value) + ": the kernel does not know the NUMA node";
    result.value.reset();
  }
  return result;
}

}  // namespace commbench
