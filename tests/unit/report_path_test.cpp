// bench/run/report_path.hpp: a report path that cannot be written is refused before the run,
// with one line that says why; a writable one is accepted and left as it was.
#include "bench/run/report_path.hpp"
#include "temporary_directory.hpp"
#include "text_search.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace commbench {
namespace {

namespace fs = std::filesystem;

std::string problem(const std::string& path) { return report_path_problem(path).value_or(""); }

TEST(ReportPath, WritableDirectoryIsAcceptedAndLeftEmpty) {
  TemporaryDirectory directory;
  EXPECT_EQ(report_path_problem(directory.file("run.json")), std::nullopt);
  EXPECT_TRUE(fs::is_empty(directory.path()));  // the probe file is gone
}

TEST(ReportPath, AnExistingReportMayBeReplacedAndIsNotTouched) {
  TemporaryDirectory directory;
  std::ofstream(directory.file("run.json")) << "old";
  EXPECT_EQ(report_path_problem(directory.file("run.json")), std::nullopt);
  std::ifstream old(directory.file("run.json"));
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(old), {}), "old");
}

TEST(ReportPath, EmptyPath) { EXPECT_TRUE(contains(problem(""), "empty")); }

TEST(ReportPath, MissingDirectory) {
  TemporaryDirectory directory;
  const std::string message = problem(directory.file("missing/run.json"));
  EXPECT_TRUE(contains(message, "-J/--json")) << message;
  EXPECT_TRUE(contains(message, "missing' does not exist")) << message;
}

TEST(ReportPath, DirectoryIsARegularFile) {
  TemporaryDirectory directory;
  std::ofstream(directory.file("plain")) << "x";
  EXPECT_TRUE(contains(problem(directory.file("plain/run.json")), "is not a directory"));
}

TEST(ReportPath, PathIsADirectory) {
  TemporaryDirectory directory;
  fs::create_directory(directory.file("out"));
  EXPECT_TRUE(contains(problem(directory.file("out")), "is a directory"));
}

TEST(ReportPath, PathIsAFifo) {
  // Renaming over it would replace the FIFO (or /dev/null) with a regular file.
  TemporaryDirectory directory;
  ASSERT_EQ(::mkfifo(directory.file("fifo").c_str(), 0600), 0);
  EXPECT_TRUE(contains(problem(directory.file("fifo")), "not a regular file"));
  EXPECT_TRUE(fs::is_fifo(directory.file("fifo")));
}

TEST(ReportPath, NameTooLongForTheFileSystem) {
  TemporaryDirectory directory;
  EXPECT_TRUE(contains(problem(directory.file(std::string(300, 'x'))), "cannot create a file"));
}

TEST(ReportPath, DirectoryThatRootCannotWriteEither) {
  // /proc passes access(W_OK) for root, yet no file can be created in it.
  EXPECT_TRUE(contains(problem("/proc/commbench-report.json"), "cannot create a file in directory '/proc'"));
}

TEST(ReportPath, MessageIsOneLine) {
  TemporaryDirectory directory;
  EXPECT_EQ(problem(directory.file("missing/run.json")).find('\n'), std::string::npos);
}

}  // namespace
}  // namespace commbench
