// The bound on emulated compute (collectives/backend/emulated_compute_limit.hpp): every emulated pass
// goes through it, so a figure that is not finite, negative or beyond an hour can never reach
// the busy wait (whose deadline arithmetic it would overflow) or the GPU spin kernel.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "collectives/backend/emulated_compute_limit.hpp"

namespace commbench {
namespace {

TEST(EmulatedComputeLimit, AcceptsFromZeroToAnHour) {
  for (const double seconds : {0.0, -0.0, 4.9e-324, 1e-9, 0.25, 3599.9, 3600.0}) {
    EXPECT_TRUE(is_emulable_compute(seconds)) << seconds;
    EXPECT_NO_THROW(check_emulable_compute(seconds)) << seconds;
  }
}

TEST(EmulatedComputeLimit, RefusesWhatCannotBeEmulated) {
  for (const double seconds : {std::nextafter(3600.0, 1e9), 86400.0, 1e300, std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::quiet_NaN(), -1e-9, -std::numeric_limits<double>::infinity()}) {
    EXPECT_FALSE(is_emulable_compute(seconds)) << seconds;
    EXPECT_THROW(check_emulable_compute(seconds), std::invalid_argument) << seconds;
  }
}

TEST(EmulatedComputeLimit, MessageSaysWhatIsAccepted) {
  try {
    check_emulable_compute(86400);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "emulated compute of 86400.000000 s (accepted: from 0 to 3600 s of compute)");
  }
}

}  // namespace
}  // namespace commbench
