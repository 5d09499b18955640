#include "collectives/backend/emulated_compute_limit.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace commbench {

bool is_emulable_compute(double seconds) {
  return std::isfinite(seconds) && seconds >= 0 && seconds <= kMaxEmulatedComputeSeconds;
}

std::string emulable_compute_text() {
  return "from 0 to " + std::to_string(static_cast<long long>(kMaxEmulatedComputeSeconds)) + " s of compute";
}

void check_emulable_compute(double seconds) {
  if (is_emulable_compute(seconds)) return;
  throw std::invalid_argument("emulated compute of " + std::to_string(seconds) + " s (accepted: " +
                              emulable_compute_text() + ")");
}

}  // namespace commbench
