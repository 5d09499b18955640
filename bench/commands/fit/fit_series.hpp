#pragma once
// Which rows of a collectives report `commbench fit` fits together, and where a reducing
// collective takes its beta from (docs/MODELS.md, "Fitting"). Pure functions of the rows.
//
// A report may hold many cases of one collective: several dtypes, ops, roots, and both
// placements. They are not one curve (in place may skip a copy; a dtype changes the reduction
// kernel), so each (collective, algorithm, ranks) group is fitted on one series only.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "reports/model/result.hpp"

namespace commbench {

// One ok row of a series.
struct SeriesPoint {
  std::uint64_t bytes = 0;
  double time_s = 0;          // the row's time_s (the median sample)
  double bus_bw_factor = 0;   // for the Hockney form of "native"
};

struct FitSeries {
  std::string collective;
  std::string algorithm;
  int ranks = 0;
  // What the series is: the out-of-place rows when the group has any (else the in-place
  // ones), of the dtype, op and root of the first such row in report order.
  std::string placement;
  std::string dtype;
  std::string op;   // "none" for collectives that do not reduce
  int root = -1;    // -1 for collectives without a root
  std::vector<SeriesPoint> points;  // in report order
};

// The ok rows grouped by (collective, algorithm, ranks), one series per group, in the order
// the groups first appear in the report. Rows that are not ok, and rows of 0 bytes (which
// move nothing: their time is the call's overhead), are left out; a group without such a row
// does not appear.
std::vector<FitSeries> fit_series(const std::vector<Result>& results);

// "out-of-place float32 sum" (the op for reducing collectives, "root 0" for rooted ones):
// which rows a fit used, for its note.
std::string series_description(const FitSeries& series);

// "allreduce ring on 4 ranks": a series named in a table or a message.
std::string series_name(const FitSeries& series);

// How a series' times are modelled: sendrecv as point-to-point (alpha + n beta), "native"
// (the library's own choice: algorithm unknown) in the Hockney form alpha + n * busbw factor *
// beta, and an explicit algorithm by its single-tier coefficients (cost_model.hpp).
enum class SeriesForm { point_to_point, hockney, algorithm };
SeriesForm series_form(const FitSeries& series);

// allreduce, reducescatter and reduce: their times hold a reduction term (gamma).
bool reduces(const std::string& collective);

// Where a reducing series with an explicit algorithm takes the beta that separates gamma from
// it: indices into series, best first, all of the same ranks: the all-gather of the same
// algorithm, then any non-reducing explicit series, then sendrecv. Empty for other series
// (native ones included: their Hockney form has no reduction term to separate).
std::vector<std::size_t> beta_source_candidates(const std::vector<FitSeries>& series, std::size_t reducing);

}  // namespace commbench
