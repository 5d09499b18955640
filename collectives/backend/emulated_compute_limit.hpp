#pragma once
// The longest compute commbench emulates: an hour, in one call and in one step of one rank.
// A training step takes milliseconds to tens of seconds; a step of more than an hour is a
// wrong figure (a unit mistaken, a batch per GPU given as global), and emulating it would
// keep every rank spinning for hours per iteration. The bound also keeps the busy wait's
// deadline arithmetic (seconds to clock ticks) far from overflow. docs/RELIABILITY.md.
#include <string>

namespace commbench {

inline constexpr double kMaxEmulatedComputeSeconds = 3600;

// Whether seconds is finite and from 0 to kMaxEmulatedComputeSeconds.
bool is_emulable_compute(double seconds);

// "from 0 to 3600 s of compute", for the "(accepted: ...)" part of messages.
std::string emulable_compute_text();

// Throws std::invalid_argument naming the figure unless is_emulable_compute(seconds): the
// last line of defence, under the refusals of the command line and the workload loader.
void check_emulable_compute(double seconds);

}  // namespace commbench
