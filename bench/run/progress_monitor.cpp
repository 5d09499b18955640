#include "bench/run/progress_monitor.hpp"

namespace commbench {

void ProgressMonitor::case_started(const Result& row) {
  const std::lock_guard<std::mutex> lock(case_mutex_);
  case_in_flight_ = row;
}

void ProgressMonitor::case_finished(const Result& row) {
  const std::lock_guard<std::mutex> lock(case_mutex_);
  case_in_flight_.reset();
  unreported_rows_.push_back(row);
}

void ProgressMonitor::rows_reported(const std::function<void()>& report) {
  const std::lock_guard<std::mutex> lock(case_mutex_);
  if (report) report();
  unreported_rows_.clear();
}

ProgressSnapshot ProgressMonitor::snapshot() const {
  const std::lock_guard<std::mutex> lock(case_mutex_);
  return snapshot_locked();
}

void ProgressMonitor::with_snapshot(const std::function<void(const ProgressSnapshot&)>& use) const {
  const std::lock_guard<std::mutex> lock(case_mutex_);
  use(snapshot_locked());
}

ProgressSnapshot ProgressMonitor::snapshot_locked() const {
  ProgressSnapshot snapshot;
  snapshot.transitions = transitions();
  snapshot.in_flight = snapshot.transitions % 2 == 1;
  snapshot.call.name = name_.load(std::memory_order_relaxed);
  snapshot.call.bytes = bytes_.load(std::memory_order_relaxed);
  snapshot.call.peer = peer_.load(std::memory_order_relaxed);
  snapshot.call.rank = rank_.load(std::memory_order_relaxed);
  snapshot.call.communicator_size = communicator_size_.load(std::memory_order_relaxed);
  snapshot.call.source = source_.load(std::memory_order_relaxed);
  snapshot.case_in_flight = case_in_flight_;
  snapshot.unreported_rows = unreported_rows_;
  return snapshot;
}

std::string describe_call(const CallInFlight& call) {
  const std::string what = std::string(call.name) + " of " + std::to_string(call.bytes) + " B";
  const int size = call.communicator_size;
  switch (call.peer) {
    case kAllRanks:
      return what + " with all " + std::to_string(size) + " ranks of its communicator";
    case kRingNeighbours:
      return what + " sending to rank " + std::to_string((call.rank + 1) % size) + " and receiving from rank " +
             std::to_string((call.rank + size - 1) % size);
    case kNoPeer:
      return std::string(call.name);
    default:
      break;
  }
  const std::string name(call.name);
  if (name == "send") return what + " to rank " + std::to_string(call.peer);
  if (name == "recv") return what + " from rank " + std::to_string(call.peer);
  if (name == "exchange") {
    return what + " sending to rank " + std::to_string(call.peer) + " and receiving from rank " +
           std::to_string(call.source);
  }
  return what + " rooted at rank " + std::to_string(call.peer) + " with all " + std::to_string(size) +
         " ranks of its communicator";
}

}  // namespace commbench
