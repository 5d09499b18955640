#pragma once
// The figures reports are drawn from, computed once for every renderer (HTML, Markdown) and
// for exporters (Prometheus): per collective the bus-bandwidth series of a run, its peak and
// half-peak size, the latency of small sizes and the model's prediction beside each row; the
// host-by-host link matrix of a linkcheck; the GPU counts where a scaling series' verdicts fall.
// Pure functions over the data model; SI units.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/model/linkcheck_report.hpp"
#include "reports/model/prediction_report.hpp"
#include "reports/model/result.hpp"
#include "reports/model/scaling_report.hpp"

namespace commbench {

// Sizes up to this are where latency, not bandwidth, decides (the latency charts and tables).
inline constexpr std::uint64_t kLatencyMaxBytes = 64 * 1024;

// One measured size of a series.
struct BusBandwidthPoint {
  std::uint64_t bytes = 0;
  double time_s = 0;
  double bus_bw = 0;  // bytes/s
  std::uint64_t wrong = 0;
  std::optional<ResultPrediction> prediction;  // the model's time, busbw and relative error, when the row has one
};

// A size and a value at it, for the half-peak search.
struct SizedValue {
  double bytes = 0;
  double value = 0;
};

// The smallest size at which value reaches half of reference_peak: between the two rows that
// bracket it, interpolated linearly in value against log2(size) (the axis sizes are swept on);
// the first size when the first row already reaches it. Empty when no row reaches it (or the
// peak is not positive). points in ascending size.
std::optional<double> half_peak_bytes(const std::vector<SizedValue>& points, double reference_peak);

// The ok rows of one collective in one run with one algorithm, dtype, op and root, in one
// placement (out-of-place when it has any ok row, else in-place), one point per size in
// ascending size. Rows of 0 bytes are left out: they move nothing, so have no bandwidth.
struct CollectiveSeries {
  bool predicted = false;  // a prediction's series (commbench predict), not a measurement
  std::string collective;
  std::string algorithm;
  std::string dtype;
  std::string op;
  int root = -1;
  std::string placement;
  std::vector<BusBandwidthPoint> points;

  double peak_bus_bw = 0;  // 0 when there are no points
  std::uint64_t peak_bytes = 0;
  // The peak is the largest size's: the bandwidth may still rise beyond the sweep, so the
  // half-peak size is a lower bound of the true one.
  bool peak_at_largest_size = false;
  std::optional<double> half_peak_bytes;  // of the measured busbw against its own peak

  bool has_predictions = false;  // some point carries the model's prediction
  double predicted_peak_bus_bw = 0;
  std::optional<double> predicted_half_peak_bytes;  // of the predicted busbw against its own peak
  // Where the measurement reaches half of the model's peak; empty: it never does in the sweep.
  std::optional<double> half_predicted_peak_bytes;
};

// Every series of a run, in order of first appearance of (collective, algorithm, dtype, op, root).
std::vector<CollectiveSeries> collective_series(const std::vector<Result>& rows);

// A prediction's series (commbench predict): one per collective and column group (algorithm =
// the group, e.g. "native" or "ring/ll"; op and placement empty, root -1), in the report's order,
// the model's time and busbw as the points, peaks as for a measured series. Rows of 0 bytes are
// left out, as from a measured series.
std::vector<CollectiveSeries> prediction_series(const PredictionReport& report);

// The points of series at sizes up to max_bytes.
std::vector<BusBandwidthPoint> latency_points(const CollectiveSeries& series, std::uint64_t max_bytes = kLatencyMaxBytes);

// What became of a collective's rows (every placement, every status).
struct CollectiveTally {
  std::string collective;
  std::uint64_t rows = 0;
  std::uint64_t ok_rows = 0;
  std::uint64_t checked_rows = 0;  // rows whose output was verified (check_iterations > 0)
  std::uint64_t wrong = 0;         // wrong elements, summed over rows
  std::vector<Result> not_ok;      // skipped, failed or timed out, in row order
};

// One tally per collective, in order of first appearance.
std::vector<CollectiveTally> collective_tallies(const std::vector<Result>& rows);

// One directed pair of hosts of a linkcheck.
struct LinkMatrixCell {
  std::optional<double> bandwidth;  // bytes/s; empty: not measured
  std::optional<double> latency_s;
  bool bandwidth_outlier = false;
  bool latency_outlier = false;
};

// The inter-host links as a matrix: row the sender, column the receiver, in the order of
// meta.hosts. A pair measured more than once keeps its lowest bandwidth and highest latency,
// and is an outlier when any measurement was.
struct LinkMatrix {
  std::vector<std::string> hosts;
  std::vector<bool> suspect;  // per host: the report names it a suspect
  std::vector<std::vector<LinkMatrixCell>> cells;
};

LinkMatrix inter_host_link_matrix(const LinkcheckReport& report);

// The GPU counts where a scaling series' verdicts fall (not reached ones left out) and, for a
// model, where its step time is lowest: one mark per count, in ascending count, naming every
// criterion there.
struct ScalingMark {
  std::uint64_t gpus = 0;
  std::vector<std::string> criteria;  // short names, e.g. "step stops falling", "exposed > compute"
};

std::vector<ScalingMark> scaling_marks(const ScalingSeries& series);

// A verdict's criterion in a few plain words ("step stops falling", "gain below threshold",
// "exposed > compute"); an unknown criterion as it is.
std::string scaling_criterion_text(const std::string& criterion);

}  // namespace commbench
