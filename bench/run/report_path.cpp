#include "bench/run/report_path.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "reports/model/json_report.hpp"

namespace commbench {
namespace {

const char* const kAccepted = "(accepted: a file path in an existing, writable directory)";

}  // namespace

std::optional<std::string> report_path_problem(const std::string& path, const std::string& flag) {
  const auto problem = [&flag](const std::string& what) { return flag + ": " + what + " " + kAccepted; };
  if (path.empty()) return problem("the report path is empty");
  const auto slash = path.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) {
    return problem("directory '" + directory + "' does not exist (" + std::strerror(errno) + ")");
  }
  if (!S_ISDIR(info.st_mode)) return problem("'" + directory + "' is not a directory");
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return problem("'" + path + "' is a directory");
    // The report replaces the file by renaming over it: a device (/dev/null), a FIFO or a
    // socket would be replaced by a regular file, not written to.
    if (!S_ISREG(info.st_mode)) return problem("'" + path + "' exists and is not a regular file");
  }
  const std::string temporary = temporary_path_for(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST) return std::nullopt;  // a leftover of an earlier run: the write truncates it
    return problem("cannot create a file in directory '" + directory + "' (" + std::strerror(errno) + ")");
  }
  ::close(fd);
  ::unlink(temporary.c_str());
  return std::nullopt;
}

}  // namespace commbench
