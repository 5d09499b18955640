#pragma once
// The result data model: plain data that measurement code produces and printers read.
// SI base units throughout (seconds, bytes, bytes/s); scaling happens only when printing.
// reports/ depends on nothing else in the project, so names are carried as strings.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace commbench {

// Statistics of the samples of one case. Each sample is one timed iteration's duration,
// the maximum over ranks (per-iteration timing), or a back-to-back batch's total divided
// by its iteration count, again the maximum over ranks.
struct SampleStatistics {
  std::uint64_t samples = 0;
  double min = 0, median = 0, mean = 0, p95 = 0, p99 = 0, max = 0, stdev = 0;
  // Distribution-free 95% confidence interval of the median (order statistics).
  double median_ci95_low = 0, median_ci95_high = 0;
};

// What the cost model (docs/MODELS.md) predicts for a measured case, from the run's fabric.
struct ResultPrediction {
  std::string algorithm;  // the algorithm modelled
  // True for native cases: the library does not say which algorithm it ran, so the model's
  // fastest algorithm is assumed.
  bool assumed = false;
  double time_s = 0;
  double bus_bw = 0;  // bytes * bus_bw_factor / time_s, as for the measurement
  // (predicted - measured) / measured time: negative when the measurement is slower.
  double relative_error = 0;
  double latency_s = 0;    // the model's terms, summed over the fabric's tiers
  double bandwidth_s = 0;
  double reduction_s = 0;
};

// timed_out: an operation of the case made no progress for --timeout seconds; the run
// ended there (docs/RELIABILITY.md).
enum class ResultStatus { ok, skipped, failed, timed_out };

struct Result {
  std::string collective;
  std::string backend;
  std::string algorithm = "native";
  std::string dtype;
  std::string op = "none";  // "none" for collectives that do not reduce
  int root = -1;            // -1 for collectives without a root
  std::string placement;    // "out-of-place" or "in-place"
  int ranks = 0;
  std::uint64_t bytes = 0;  // the larger of the send and receive buffers (docs/METRICS.md)
  std::uint64_t count = 0;  // bytes / element size
  std::string timing_mode;  // "per-iteration" or "back-to-back"
  std::uint64_t warmup_iterations = 0;
  std::uint64_t iterations = 0;  // timed iterations, all samples together
  SampleStatistics stats_s;
  double time_s = 0;  // the figure algbw is computed from: the median sample
  double alg_bw = 0;  // bytes / time_s
  double bus_bw = 0;  // alg_bw * bus_bw_factor
  double bus_bw_factor = 0;
  std::uint64_t check_iterations = 0;
  std::uint64_t wrong = 0;  // summed over ranks and check iterations; 0 when not checked
  ResultStatus status = ResultStatus::ok;
  std::string reason;  // why a case was skipped or failed
  // Set for ok rows when the run had a fabric (--fabric) and the model covers the case.
  std::optional<ResultPrediction> prediction;
};

struct HostEntry {
  std::string name;
  std::string identity;  // hostname plus boot id: tells apart hosts that share a name
  std::vector<int> ranks;
};

// One rank's GPU, as CUDA describes it to that rank.
struct GpuEntry {
  int rank = 0;
  std::string host;          // host name
  int device_index = 0;      // CUDA ordinal the rank uses (among the devices CUDA_VISIBLE_DEVICES shows it)
  std::string name;          // e.g. "NVIDIA H100 80GB HBM3"
  std::string uuid;          // "GPU-xxxxxxxx-..."
  std::string pci_bus_id;    // "0000:18:00.0"
  std::uint64_t memory_bytes = 0;
  std::string compute_capability;  // "9.0"
};

// The GPUs and the CUDA/NCCL versions of a run on device memory.
struct DeviceMeta {
  std::string cuda_runtime_version;  // "13.0"
  std::string cuda_driver_version;   // "13.0" (the highest CUDA version the driver supports)
  std::string nccl_version;          // "2.28.9", empty when the run did not use NCCL (MPI with --device cuda)
  std::vector<GpuEntry> gpus;        // one per rank, in rank order
};

struct RunMeta {
  std::string tool = "commbench";
  std::string version;
  std::string git_revision;
  std::vector<std::string> argv;
  std::string start_time;  // ISO 8601, UTC
  std::string end_time;
  std::string backend;
  std::string library_version;
  int world_size = 0;
  std::vector<HostEntry> hosts;
  std::map<std::string, std::string> environment;
  std::uint64_t peak_rss_bytes = 0;  // the largest peak resident set over ranks
  // Set when the run used device memory; runs on host memory have none (and the report no
  // "devices" key).
  std::optional<DeviceMeta> devices;
};

// Whether the run finished. A report is written while the run goes on (after every case),
// so a run that is killed, times out or fails leaves a valid report of what it completed.
enum class RunStatus { complete, partial };

struct RunOutcome {
  RunStatus status = RunStatus::partial;
  // none (complete), unfinished (written while running: a report left so means the run was
  // killed), timeout, terminated (a signal: the launcher ended the job), error.
  std::string failure_kind = "unfinished";
  std::string failure;  // one line: what happened, on which rank, in which operation
};

// What a report written while its run goes on says: partial, unfinished, and why a reader
// might find it so.
RunOutcome unfinished_outcome();

struct RunSummary {
  std::uint64_t cases = 0;
  std::uint64_t failed_cases = 0;
  std::uint64_t skipped_cases = 0;
  std::uint64_t timed_out_cases = 0;
  std::uint64_t wrong_total = 0;
  double avg_bus_bw = 0;
  std::uint64_t avg_bus_bw_min_bytes = 0;  // rows of at least this size are averaged
  std::uint64_t avg_bus_bw_rows = 0;
};

// Summarises rows: counts, wrong elements and the average bus bandwidth over the ok rows of
// at least avg_min_bytes (all ok rows when none is that large).
RunSummary summarize_results(const std::vector<Result>& results, std::uint64_t avg_min_bytes);

// What identifies a case of a sweep: two rows with the same key are the same measurement. compare
// matches rows by it, and the report loader refuses a report that holds a key twice.
inline const std::vector<std::string> kResultKeyColumns = {"collective", "algorithm", "dtype", "op",
                                                           "root",       "placement", "bytes", "ranks"};
// The values of kResultKeyColumns for r, as text.
std::vector<std::string> result_key(const Result& r);

std::string result_status_name(ResultStatus status);
std::string run_status_name(RunStatus status);

}  // namespace commbench
