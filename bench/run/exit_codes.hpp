#pragma once
// Process exit codes, documented in README.md ("Exit codes").
namespace commbench {

inline constexpr int kExitOk = 0;
// A case found wrong elements or failed to run; the report still holds every row.
inline constexpr int kExitMeasurementFailure = 1;
// Bad command line: nothing was measured and no report was written.
inline constexpr int kExitUsageError = 2;
// The run could not complete for another reason (the report could not be written, an
// unexpected internal error).
inline constexpr int kExitRuntimeError = 3;
// An operation made no progress for --timeout seconds. The report holds every case
// completed before it and the case that timed out, and is marked partial.
inline constexpr int kExitTimeout = 4;
// A termination signal (SIGTERM, SIGINT, SIGHUP) ends the run with 128 + its number, after
// the report, marked partial, has recorded it.

}  // namespace commbench
