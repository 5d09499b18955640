// collectives/memory_demand: running out of memory at a named site becomes one line that says
// what was allocated, how much and what to change (issue 21, item 5), the innermost site wins,
// and an unnamed bad_alloc or length_error is still said in words, never "std::bad_alloc" alone.
#include "collectives/backend/memory_demand.hpp"
#include "text_search.hpp"

#include <gtest/gtest.h>

#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace commbench {
namespace {

const MemoryDemand kSweep{"planning the sweep's 134217728 cases", 1.7e9, "raise -f/--stepfactor"};

TEST(MemoryDemand, BadAllocBecomesWhatHowMuchAndWhatToChange) {
  try {
    with_memory_demand(kSweep, []() -> int { throw std::bad_alloc(); });
    FAIL() << "no error";
  } catch (const OutOfMemoryError& error) {
    EXPECT_EQ(std::string(error.what()),
              "ran out of memory while planning the sweep's 134217728 cases (about 1.7 GB): raise -f/--stepfactor");
  }
}

TEST(MemoryDemand, LengthErrorIsSaidAsMoreThanAProcessCanAddress) {
  try {
    with_memory_demand(kSweep, [] { return std::vector<double>(std::vector<double>().max_size() + 1); });
    FAIL() << "no error";
  } catch (const OutOfMemoryError& error) {
    EXPECT_EQ(std::string(error.what()),
              "asked for more memory than a process can address while planning the sweep's 134217728 cases (about "
              "1.7 GB): raise -f/--stepfactor");
  }
}

TEST(MemoryDemand, TheInnermostSiteNamesTheFailure) {
  try {
    with_memory_demand({"loading report r.json", std::nullopt, "split it"}, [] {
      return with_memory_demand(kSweep, []() -> int { throw std::bad_alloc(); });
    });
    FAIL() << "no error";
  } catch (const OutOfMemoryError& error) {
    EXPECT_TRUE(contains(error.what(), "the sweep's 134217728 cases")) << error.what();
    EXPECT_FALSE(contains(error.what(), "r.json")) << error.what();
  }
}

TEST(MemoryDemand, ReturnsTheWorksValueWhenItFits) {
  EXPECT_EQ(with_memory_demand(kSweep, [] { return 42; }), 42);
}

TEST(FailureWords, AddTheMemoryFiguresBeforeTheRemedy) {
  const OutOfMemoryError error(kSweep, false);
  const std::string words = failure_words(error);
  EXPECT_EQ(words.rfind("ran out of memory while planning the sweep's 134217728 cases (about 1.7 GB); this process "
                        "peaked at ",
                        0),
            0u)
      << words;
  EXPECT_TRUE(contains(words, " available: raise -f/--stepfactor")) << words;
}

TEST(FailureWords, AnUnnamedBadAllocIsStillSaidInWords) {
  const std::string words = failure_words(std::bad_alloc());
  EXPECT_EQ(words.rfind("ran out of memory at a step that names no size (std::bad_alloc); this process peaked at ", 0),
            0u)
      << words;
  EXPECT_TRUE(contains(words, ": ask for fewer or smaller cases, or run fewer ranks per host")) << words;
  EXPECT_TRUE(contains(failure_words(std::length_error("vector::reserve")),
                       "asked for more memory than a process can address at a step that names no size "
                       "(vector::reserve)"));
}

TEST(FailureWords, OtherErrorsKeepTheirMessage) {
  EXPECT_EQ(failure_words(std::runtime_error("MPI_Send failed")), "cannot go on: MPI_Send failed");
}

TEST(ApproximateBytesText, SiUnitsWithTwoFigures) {
  EXPECT_EQ(approximate_bytes_text(512), "512 B");
  EXPECT_EQ(approximate_bytes_text(1.7e9), "1.7 GB");
  EXPECT_EQ(approximate_bytes_text(70368744177664.0), "70 TB");
  EXPECT_EQ(approximate_bytes_text(170e6), "170 MB");
}

}  // namespace
}  // namespace commbench
