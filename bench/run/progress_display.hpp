#pragma once
// Rank 0's progress line for long sweeps, on standard error: what runs now, how many cases
// are done of how many, the time since the sweep began and an estimate of the time left.
//
// It is drawn only between cases, never inside a timed region: the sweep calls it before a
// case group starts and after it ends, outside run_case. On a terminal the line is redrawn
// in place and cleared before the table prints a row, so the table reads as without it.
// Elsewhere (--progress on with standard error in a file or a pipe, as under mpirun, which
// gives ranks a pipe) it writes a plain line at most every kPlainLineInterval.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace commbench {

enum class ProgressMode { automatic, on, off };

// "auto", "on", "off". Throws std::invalid_argument for another name.
ProgressMode parse_progress_mode(const std::string& name);

// Whether to draw at all: on rank 0 only; auto when standard error is a terminal.
bool progress_shown(ProgressMode mode, int rank, bool stderr_is_terminal);

// The work a case stands for in the estimate of the time left: its bytes plus a fixed
// per-message share. 64 KiB is about what a fabric moves in one message latency (5 us at
// 12.5 GB/s), so that a sweep's many small cases are not counted as free.
std::uint64_t case_work(std::uint64_t bytes);

// "0:07", "12:03", "1:02:03".
std::string clock_text(double seconds);

// One line, e.g. "commbench: allreduce float32 sum, 1 MiB: case 37 of 154, 0:12 elapsed, about
// 0:38 left"; without an estimate (nothing done yet) the last part is left out.
std::string progress_line(const std::string& what, std::uint64_t done_cases, std::uint64_t total_cases,
                          double elapsed_s, std::optional<double> remaining_s);

class ProgressDisplay {
 public:
  static constexpr std::chrono::seconds kPlainLineInterval{10};

  // total_work: the sum of case_work over every case the sweep will run.
  ProgressDisplay(bool shown, bool terminal, std::uint64_t total_cases, std::uint64_t total_work,
                  std::FILE* out = stderr);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Before a group of cases (one size, every placement) runs: says what it is.
  void starting(const std::string& what);
  // After it ran, before its rows are printed: counts it and clears a terminal's line.
  void finished(std::uint64_t cases, std::uint64_t work);

 private:
  void clear_line();

  bool shown_;
  bool terminal_;
  std::uint64_t total_cases_;
  std::uint64_t total_work_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::optional<std::chrono::steady_clock::time_point> last_plain_line_;
  std::uint64_t done_cases_ = 0;
  std::uint64_t done_work_ = 0;
  bool line_drawn_ = false;
};

}  // namespace commbench
