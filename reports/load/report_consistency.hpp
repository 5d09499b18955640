#pragma once
// Whether a report's figures agree with one another: the last check of the report loader
// (report_loader.hpp), after the schema and the exact read-back. A report that passes those
// can still contradict itself: a bus_bw of 1e15 B/s beside a time_s that gives a few MB/s, a
// median above the max, a row that says ok with wrong elements, a link flagged slow whose
// bandwidth is above the threshold the report states. Such a report is corrupt or was edited,
// and gate, compare, report and fit must not act on it.
//
// What is checked, per kind (docs/REPORT_SCHEMA.md, "Consistency"):
// - collectives: per row, count = bytes / the dtype's size; bus_bw_factor is the collective's
//   for the row's ranks (row_conventions.hpp); statistics ordered (min <= median <= p95 <= p99
//   <= max, min <= mean <= max, the median's interval around the median, stdev >= 0); time_s
//   is the median; alg_bw = bytes / time_s (0 with no time); bus_bw = alg_bw x factor; an ok
//   row has no wrong elements; a prediction's bus_bw and relative error agree with its time.
//   The summary is what its rows sum to.
// - prediction: per row, the same count, factor, alg_bw and bus_bw rules.
// - linkcheck: a link's bandwidth is its lanes' sum; each scope's median lies within its
//   links; every outlier flag is what the link's figure against the stated threshold and
//   median says; a host's slow peers are among its peers.
// - gradsync: step statistics ordered and step_s their median; compute = forward + backward;
//   exposed = step - compute; overlap in [0, 1]; wrong_total the cases' sum.
// - pipeline: step statistics ordered; fractions in [0, 1]; the slowest transfer no faster than
//   the median one; timeline entries end no earlier than they start.
//
// Figures are compared with a relative tolerance of kFigureTolerance: see there for why.
//
// This catches corruption, careless edits and numbers that contradict each other. It is not
// a signature: a forger who edits every figure consistently is not caught.
#include <optional>
#include <string>

#include "reports/load/loaded_report.hpp"

namespace commbench {

// The writer stores every double with nlohmann's shortest round-trip form (17 significant
// digits at most), so a figure reads back bit for bit and recomputing it from the figures it
// derives from gives the same double, or one a few units in the last place away when a
// reader sums in another order (about 1e-15 relative). 1e-9 leaves six orders of magnitude
// for that and for reports written by other tools that round-trip their doubles, while an
// edit changes a figure in a digit a person writes: the ninth significant digit or before,
// already far below anything the gate or compare decides on.
inline constexpr double kFigureTolerance = 1e-9;

// One contradiction: where (a JSON pointer, e.g. /results/3/bus_bw), what the report says,
// and what its other figures imply.
struct ReportInconsistency {
  std::string path;
  std::string problem;
  std::string expected;
};

// The first contradiction in document order, or none. A topology report has no derived
// figures: none.
std::optional<ReportInconsistency> first_inconsistency(const ReportContent& content);

}  // namespace commbench
