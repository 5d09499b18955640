#include "reports/model/result.hpp"

namespace commbench {

RunOutcome unfinished_outcome() {
  return {RunStatus::partial, "unfinished",
          "the run had not finished when this report was written: it is still running, or it was killed before it "
          "could record why"};
}

std::string result_status_name(ResultStatus status) {
  switch (status) {
    case ResultStatus::ok:
      return "ok";
    case ResultStatus::skipped:
      return "skipped";
    case ResultStatus::failed:
      return "failed";
    case ResultStatus::timed_out:
      return "timed_out";
  }
  return "failed";
}

std::string run_status_name(RunStatus status) { return status == RunStatus::complete ? "complete" : "partial"; }

RunSummary summarize_results(const std::vector<Result>& results, std::uint64_t avg_min_bytes) {
  RunSummary summary;
  summary.cases = results.size();
  bool any_large = false;
  for (const Result& result : results) {
    summary.wrong_total += result.wrong;
    if (result.status == ResultStatus::failed) ++summary.failed_cases;
    if (result.status == ResultStatus::skipped) ++summary.skipped_cases;
    if (result.status == ResultStatus::timed_out) ++summary.timed_out_cases;
    if (result.status == ResultStatus::ok && result.bytes >= avg_min_bytes) any_large = true;
  }
  summary.avg_bus_bw_min_bytes = any_large ? avg_min_bytes : 0;
  double total = 0;
  for (const Result& result : results) {
    if (result.status != ResultStatus::ok || result.bytes < summary.avg_bus_bw_min_bytes) continue;
    total += result.bus_bw;
    ++summary.avg_bus_bw_rows;
  }
  if (summary.avg_bus_bw_rows > 0) summary.avg_bus_bw = total / static_cast<double>(summary.avg_bus_bw_rows);
  return summary;
}

std::vector<std::string> result_key(const Result& r) {
  return {r.collective, r.algorithm, r.dtype, r.op, std::to_string(r.root), r.placement, std::to_string(r.bytes),
          std::to_string(r.ranks)};
}

}  // namespace commbench
