#pragma once
// What this rank is waiting for right now. The main thread writes it at every backend call
// (TrackedBackend) and at every case (the sweep); the watchdog thread reads it to tell a
// slow operation from one that makes no progress. The per-call part is a few relaxed
// atomic stores with no read-modify-write, cheap enough to sit inside the timed loop.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

// Whom a call waits for, besides its name and size.
inline constexpr int kAllRanks = -1;        // every rank of the communicator (a collective)
inline constexpr int kRingNeighbours = -2;  // rank + 1 and rank - 1 (the ring shift)
inline constexpr int kNoPeer = -3;          // nobody else (an injected stall)

struct CallInFlight {
  const char* name = "";
  std::uint64_t bytes = 0;
  int peer = kAllRanks;  // a rank (the root, or the point-to-point peer), or one of the above
  int rank = 0;          // this rank's rank in the call's communicator
  int communicator_size = 0;
  // An exchange waits for two peers: it sends to peer and receives from source.
  int source = kNoPeer;
};

struct ProgressSnapshot {
  std::uint64_t transitions = 0;  // odd while a call is in flight
  bool in_flight = false;
  CallInFlight call;
  std::optional<Result> case_in_flight;
  // Cases finished but not yet handed to the printers (the sweep hands over both
  // placements of a size together), so that an interruption does not lose them.
  std::vector<Result> unreported_rows;
};

class ProgressMonitor {
 public:
  void call_started(const CallInFlight& call) noexcept {
    name_.store(call.name, std::memory_order_relaxed);
    bytes_.store(call.bytes, std::memory_order_relaxed);
    peer_.store(call.peer, std::memory_order_relaxed);
    rank_.store(call.rank, std::memory_order_relaxed);
    communicator_size_.store(call.communicator_size, std::memory_order_relaxed);
    source_.store(call.source, std::memory_order_relaxed);
    advance();
  }
  void call_finished() noexcept { advance(); }

  // The case the sweep runs now: recorded with status timed_out if it never finishes.
  void case_started(const Result& row);
  // The case's measured row, kept until the printers have it.
  void case_finished(const Result& row);
  // Runs report (which hands the finished rows to the printers) and forgets the rows, as one
  // step that no snapshot can fall between: a snapshot never shows rows already printed.
  void rows_reported(const std::function<void()>& report = {});

  ProgressSnapshot snapshot() const;
  // Runs use with a snapshot while holding off rows_reported, so that what use records from
  // the snapshot (the interrupted run's last rows) cannot be printed twice or not at all.
  void with_snapshot(const std::function<void(const ProgressSnapshot&)>& use) const;
  // The call counter alone, without the lock: what the watchdog polls.
  std::uint64_t transitions() const noexcept { return transitions_.load(std::memory_order_acquire); }

 private:
  // Only the main thread writes, so a load and a store replace an atomic increment.
  void advance() noexcept {
    transitions_.store(transitions_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }

  std::atomic<std::uint64_t> transitions_{0};
  std::atomic<const char*> name_{""};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<int> peer_{kAllRanks};
  std::atomic<int> rank_{0};
  std::atomic<int> communicator_size_{0};
  std::atomic<int> source_{kNoPeer};
  ProgressSnapshot snapshot_locked() const;

  mutable std::mutex case_mutex_;
  std::optional<Result> case_in_flight_;
  std::vector<Result> unreported_rows_;
};

// One line: what the call waits for, e.g. "allreduce of 1048576 B with all 6 ranks of its
// communicator", "send of 64 B to rank 3" or "exchange of 64 B sending to rank 3 and
// receiving from rank 1".
std::string describe_call(const CallInFlight& call);

// Ends the call when it goes out of scope, also when the call throws.
class CallScope {
 public:
  CallScope(ProgressMonitor& monitor, const CallInFlight& call) noexcept : monitor_(monitor) {
    monitor_.call_started(call);
  }
  ~CallScope() { monitor_.call_finished(); }
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  ProgressMonitor& monitor_;
};

}  // namespace commbench
