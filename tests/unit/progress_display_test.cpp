// The progress line of long sweeps: what it says, when it is drawn, and that on a terminal it
// is erased before anything else prints, so that the table reads as without it.
#include "bench/run/progress_display.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace commbench {
namespace {

// What a display wrote, read back from a temporary file.
std::string written(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  char buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  return text;
}

TEST(ProgressDisplay, ShownOnRankZeroOnlyAndInAutoModeOnlyOnATerminal) {
  EXPECT_TRUE(progress_shown(ProgressMode::automatic, 0, true));
  EXPECT_FALSE(progress_shown(ProgressMode::automatic, 0, false));
  EXPECT_FALSE(progress_shown(ProgressMode::automatic, 1, true));
  EXPECT_TRUE(progress_shown(ProgressMode::on, 0, false));
  EXPECT_FALSE(progress_shown(ProgressMode::on, 3, false));
  EXPECT_FALSE(progress_shown(ProgressMode::off, 0, true));
}

TEST(ProgressDisplay, ModesAreParsedByName) {
  EXPECT_EQ(parse_progress_mode("auto"), ProgressMode::automatic);
  EXPECT_EQ(parse_progress_mode("on"), ProgressMode::on);
  EXPECT_EQ(parse_progress_mode("off"), ProgressMode::off);
  EXPECT_THROW(parse_progress_mode("yes"), std::invalid_argument);
}

TEST(ProgressDisplay, ClockTextUsesMinutesAndHours) {
  EXPECT_EQ(clock_text(0), "0:00");
  EXPECT_EQ(clock_text(7.4), "0:07");
  EXPECT_EQ(clock_text(723), "12:03");
  EXPECT_EQ(clock_text(3723), "1:02:03");
  EXPECT_EQ(clock_text(-5), "0:00");
}

TEST(ProgressDisplay, LineSaysWhatRunsHowFarAndHowLong) {
  EXPECT_EQ(progress_line("allreduce float32 sum, 1 MiB", 36, 154, 12, 38.2),
            "commbench: allreduce float32 sum, 1 MiB: case 37 of 154, 0:12 elapsed, about 0:38 left");
  // Nothing done yet: no estimate.
  EXPECT_EQ(progress_line("broadcast", 0, 10, 0, std::nullopt), "commbench: broadcast: case 1 of 10, 0:00 elapsed");
}

TEST(ProgressDisplay, EstimateWeighsLargeCasesMoreThanSmallOnes) {
  // A 64 MiB case stands for far more time than an 8-byte one, which is not free either.
  EXPECT_GT(case_work(64ULL << 20), 100 * case_work(8));
  EXPECT_GT(case_work(8), 0u);
}

TEST(ProgressDisplay, OnATerminalTheLineIsRedrawnInPlaceAndErasedBeforeRowsPrint) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ProgressDisplay display(true, true, 4, 4 * case_work(8), file);
    display.starting("allreduce, 8 B");
    EXPECT_EQ(written(file), "\r\033[Kcommbench: allreduce, 8 B: case 1 of 4, 0:00 elapsed");
    display.finished(2, 2 * case_work(8));
    // Erased: the table's row that follows starts at the beginning of a clean line.
    const std::string after = written(file);
    EXPECT_EQ(after.substr(after.size() - 4), "\r\033[K");
    display.starting("allreduce, 8 B");
    EXPECT_NE(written(file).find("case 3 of 4"), std::string::npos);
    EXPECT_NE(written(file).find("left"), std::string::npos);
  }
  // Going out of scope erases a line still drawn.
  const std::string all = written(file);
  EXPECT_EQ(all.substr(all.size() - 4), "\r\033[K");
  std::fclose(file);
}

TEST(ProgressDisplay, IntoAFileItWritesWholeLinesAtMostEveryInterval) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ProgressDisplay display(true, false, 3, 3 * case_work(8), file);
    display.starting("first");
    display.finished(1, case_work(8));
    display.starting("second");  // within the interval: not written
    display.finished(1, case_work(8));
  }
  const std::string text = written(file);
  EXPECT_EQ(text, "commbench: first: case 1 of 3, 0:00 elapsed\n");
  EXPECT_EQ(text.find('\r'), std::string::npos);
  std::fclose(file);
}

TEST(ProgressDisplay, HiddenDisplayWritesNothing) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  {
    ProgressDisplay display(false, true, 2, 2, file);
    display.starting("allreduce");
    display.finished(1, 1);
  }
  EXPECT_EQ(written(file), "");
  std::fclose(file);
}

}  // namespace
}  // namespace commbench
