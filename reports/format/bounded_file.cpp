#include "reports/format/bounded_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace commbench {
namespace {

// What a file that is not a regular file is, for "is a FIFO".
std::string file_type_text(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void refuse_type(mode_t mode) {
  const std::string type = file_type_text(mode);
  throw BoundedFileError(type.rfind("not ", 0) == 0 ? "is " + type : "is " + type + ", not a regular file", "");
}

[[noreturn]] void refuse_size(const std::string& size_text, std::uint64_t max_bytes) {
  throw BoundedFileError("is " + size_text + ", larger than the limit of " + byte_limit_text(max_bytes),
                         "a file of at most " + byte_limit_text(max_bytes));
}

// Closes the descriptor however the read ends.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() { ::close(fd_); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string byte_limit_text(std::uint64_t bytes) {
  std::string text = std::to_string(bytes) + " bytes";
  if (bytes >= (1ULL << 20) && bytes % (1ULL << 20) == 0) text = std::to_string(bytes >> 20) + " MiB (" + text + ")";
  return text;
}

std::string read_bounded_file(const std::string& path, std::uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int open_errno = errno;
    // A socket cannot be opened at all (ENXIO): say what it is rather than the errno.
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) refuse_type(info.st_mode);
    throw BoundedFileError(std::string("cannot read: ") + std::strerror(open_errno), "");
  }
  const Descriptor file(fd);
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) throw BoundedFileError(std::string("cannot read: ") + std::strerror(errno), "");
  if (!S_ISREG(info.st_mode)) refuse_type(info.st_mode);
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes) refuse_size(std::to_string(size) + " bytes", max_bytes);

  // Up to max_bytes + 1: a file that grew past the limit since fstat is refused, not cut short.
  // Files under /proc say 0 bytes and hold more, so the size is a hint, not the end.
  std::string text;
  text.resize(static_cast<std::size_t>(size) + 1);
  std::size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (used > max_bytes) refuse_size("more than " + std::to_string(max_bytes) + " bytes", max_bytes);
      text.resize(static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes + 1, 2 * text.size() + 4096)));
    }
    const ssize_t got = ::read(file.get(), &text[used], text.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw BoundedFileError(std::string("cannot read: ") + std::strerror(errno), "");
    }
    if (got == 0) break;
    used += static_cast<std::size_t>(got);
  }
  if (used > max_bytes) refuse_size("more than " + std::to_string(max_bytes) + " bytes", max_bytes);
  text.resize(used);
  return text;
}

}  // namespace commbench
