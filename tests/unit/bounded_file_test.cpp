// The one reader of whole input files (reports/format/bounded_file.hpp): only regular files, refused
// at once otherwise (a FIFO must not block), and never more than the limit.
#include "reports/format/bounded_file.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>

#include "temporary_directory.hpp"

namespace commbench {
namespace {

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// The refusal's problem and accepted text, "" when the file was read.
std::pair<std::string, std::string> refusal(const std::string& path, std::uint64_t limit) {
  try {
    (void)read_bounded_file(path, limit);
  } catch (const BoundedFileError& error) {
    return {error.what(), error.accepted()};
  }
  return {"", ""};
}

TEST(BoundedFile, ReadsARegularFileWhole) {
  TemporaryDirectory directory;
  const std::string text = std::string("{\"a\": 1}\n") + std::string(100000, ' ') + std::string(1, '\0') + "end";
  write(directory.file("f.json"), text);
  EXPECT_EQ(read_bounded_file(directory.file("f.json"), 1 << 20), text);
  write(directory.file("empty"), "");
  EXPECT_EQ(read_bounded_file(directory.file("empty"), 16), "");
}

TEST(BoundedFile, AFileOfExactlyTheLimitIsReadAndOneByteMoreIsRefused) {
  TemporaryDirectory directory;
  write(directory.file("at"), std::string(4096, 'x'));
  EXPECT_EQ(read_bounded_file(directory.file("at"), 4096).size(), 4096u);
  write(directory.file("over"), std::string(4097, 'x'));
  const auto [problem, accepted] = refusal(directory.file("over"), 4096);
  EXPECT_EQ(problem, "is 4097 bytes, larger than the limit of 4096 bytes");
  EXPECT_EQ(accepted, "a file of at most 4096 bytes");
}

TEST(BoundedFile, ASparseFileBeyondTheLimitIsRefusedWithoutReading) {
  TemporaryDirectory directory;
  const std::string path = directory.file("huge");
  write(path, "");
  ASSERT_EQ(::truncate(path.c_str(), (16LL << 30)), 0);  // 16 GiB, no space taken
  const auto started = std::chrono::steady_clock::now();
  const auto [problem, accepted] = refusal(path, kMaxDescriptionFileBytes);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_EQ(problem, "is 17179869184 bytes, larger than the limit of 16 MiB (16777216 bytes)");
  EXPECT_EQ(accepted, "a file of at most 16 MiB (16777216 bytes)");
}

TEST(BoundedFile, AFileThatSaysZeroBytesIsReadToItsEnd) {
  // Files under /proc report a size of 0 and hold more: the size is a hint, not the end.
  const std::string text = read_bounded_file("/proc/self/status", 1 << 20);
  EXPECT_NE(text.find("Name:"), std::string::npos);
}

TEST(BoundedFile, ACharacterDeviceIsRefusedAtOnce) {
  // /dev/zero never ends: reading it would fill the memory.
  EXPECT_EQ(refusal("/dev/zero", kMaxReportFileBytes).first, "is a character device, not a regular file");
  EXPECT_EQ(refusal("/dev/null", kMaxReportFileBytes).first, "is a character device, not a regular file");
}

TEST(BoundedFile, AFifoWithNoWriterIsRefusedWithoutBlocking) {
  TemporaryDirectory directory;
  const std::string path = directory.file("fifo");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const auto started = std::chrono::steady_clock::now();
  const auto [problem, accepted] = refusal(path, 1024);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  EXPECT_EQ(problem, "is a FIFO (named pipe), not a regular file");
  EXPECT_EQ(accepted, "");  // the reader's own description of the file says what is accepted
}

TEST(BoundedFile, ASocketAndADirectoryAreNamedAsSuch) {
  TemporaryDirectory directory;
  const std::string path = directory.file("socket");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(refusal(path, 1024).first, "is a socket, not a regular file");
  ::close(fd);
  EXPECT_EQ(refusal(directory.path().string(), 1024).first, "is a directory, not a regular file");
}

TEST(BoundedFile, AMissingFileSaysWhy) {
  TemporaryDirectory directory;
  const auto [problem, accepted] = refusal(directory.file("none.json"), 1024);
  EXPECT_EQ(problem, "cannot read: No such file or directory");
  EXPECT_EQ(accepted, "");
}

TEST(BoundedFile, ASymbolicLinkIsJudgedByWhatItPointsTo) {
  TemporaryDirectory directory;
  write(directory.file("target"), "text");
  ASSERT_EQ(::symlink(directory.file("target").c_str(), directory.file("link").c_str()), 0);
  EXPECT_EQ(read_bounded_file(directory.file("link"), 16), "text");
  ASSERT_EQ(::symlink("/dev/zero", directory.file("zero").c_str()), 0);
  EXPECT_EQ(refusal(directory.file("zero"), 16).first, "is a character device, not a regular file");
}

TEST(BoundedFile, LimitsAreWrittenInMiBWhenWhole) {
  EXPECT_EQ(byte_limit_text(16ULL << 20), "16 MiB (16777216 bytes)");
  EXPECT_EQ(byte_limit_text(256ULL << 20), "256 MiB (268435456 bytes)");
  EXPECT_EQ(byte_limit_text(1000), "1000 bytes");
}

}  // namespace
}  // namespace commbench
