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

}  // namespace commbench
