#include "bench/run/progress_display.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace commbench {

ProgressMode parse_progress_mode(const std::string& name) {
  if (name == "auto") return ProgressMode::automatic;
  if (name == "on") return ProgressMode::on;
  if (name == "off") return ProgressMode::off;
  throw std::invalid_argument("'" + name + "' is not a progress mode");
}

bool progress_shown(ProgressMode mode, int rank, bool stderr_is_terminal) {
  if (rank != 0 || mode == ProgressMode::off) return false;
  return mode == ProgressMode::on || stderr_is_terminal;
}

std::uint64_t case_work(std::uint64_t bytes) { return bytes + (64ULL << 10); }

std::string clock_text(double seconds) {
  const auto total = static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds)));
  const std::uint64_t hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  char text[48];
  if (hours > 0) {
    std::snprintf(text, sizeof text, "%llu:%02llu:%02llu", static_cast<unsigned long long>(hours),
                  static_cast<unsigned long long>(minutes), static_cast<unsigned long long>(secs));
  } else {
    std::snprintf(text, sizeof text, "%llu:%02llu", static_cast<unsigned long long>(minutes),
                  static_cast<unsigned long long>(secs));
  }
  return text;
}

std::string progress_line(const std::string& what, std::uint64_t done_cases, std::uint64_t total_cases,
                          double elapsed_s, std::optional<double> remaining_s) {
  std::string line = "commbench: " + what + ": case " + std::to_string(std::min(done_cases + 1, total_cases)) +
                     " of " + std::to_string(total_cases) + ", " + clock_text(elapsed_s) + " elapsed";
  if (remaining_s) line += ", about " + clock_text(*remaining_s) + " left";
  return line;
}

ProgressDisplay::ProgressDisplay(bool shown, bool terminal, std::uint64_t total_cases, std::uint64_t total_work,
                                 std::FILE* out)
    : shown_(shown), terminal_(terminal), total_cases_(total_cases), total_work_(total_work), out_(out) {}

ProgressDisplay::~ProgressDisplay() { clear_line(); }

void ProgressDisplay::starting(const std::string& what) {
  if (!shown_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!terminal_ && last_plain_line_ && now - *last_plain_line_ < kPlainLineInterval) return;
  const double elapsed_s = std::chrono::duration<double>(now - start_).count();
  std::optional<double> remaining_s;
  if (done_work_ > 0 && total_work_ >= done_work_) {
    remaining_s = elapsed_s * static_cast<double>(total_work_ - done_work_) / static_cast<double>(done_work_);
  }
  const std::string line = progress_line(what, done_cases_, total_cases_, elapsed_s, remaining_s);
  if (terminal_) {
    // Carriage return and erase-line: the line is redrawn in place.
    std::fprintf(out_, "\r\033[K%s", line.c_str());
    line_drawn_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
    last_plain_line_ = now;
  }
  std::fflush(out_);
}

void ProgressDisplay::finished(std::uint64_t cases, std::uint64_t work) {
  done_cases_ += cases;
  done_work_ += work;
  clear_line();
}

void ProgressDisplay::clear_line() {
  if (!line_drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  line_drawn_ = false;
}

}  // namespace commbench
