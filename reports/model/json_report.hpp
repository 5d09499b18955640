#pragma once
// The JSON report (docs/REPORT_SCHEMA.md, docs/report.schema.json): conversions of the data
// model to and from nlohmann::json, and an atomic file write.
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/model/model_summary.hpp"
#include "reports/model/result.hpp"

namespace commbench {

// Bump on any incompatible change to the report's shape; readers check it.
inline constexpr int kReportSchemaVersion = 1;

struct RunReport {
  RunOutcome outcome;
  RunMeta meta;
  nlohmann::json config = nlohmann::json::object();
  std::vector<Result> results;
  RunSummary summary;
  std::optional<ModelReport> model;  // set when the run had a fabric (--fabric)
};

void to_json(nlohmann::json& json, const ResultStatus& status);
// Throws std::runtime_error for a name other than ok, skipped, failed, timed_out.
void from_json(const nlohmann::json& json, ResultStatus& status);
void to_json(nlohmann::json& json, const RunStatus& status);
// Throws std::runtime_error for a name other than complete, partial.
void from_json(const nlohmann::json& json, RunStatus& status);

// The data model's member names are the report's keys (docs/REPORT_SCHEMA.md), so the
// conversions are generated; from_json requires every key (a missing one throws).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SampleStatistics, samples, min, median, mean, p95, p99, max, stdev,
                                   median_ci95_low, median_ci95_high)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ResultPrediction, algorithm, assumed, time_s, bus_bw, relative_error, latency_s,
                                   bandwidth_s, reduction_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ModelShortfall, bytes, placement, dtype, op, measured_fraction)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ModelAccuracy, collective, algorithm, modelled_algorithm, rows,
                                   median_abs_relative_error, p90_abs_relative_error, shortfalls)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ModelReport, fabric_source, fabric, shortfall_fraction, accuracy, notes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(HostEntry, name, identity, ranks)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GpuEntry, rank, host, device_index, name, uuid, pci_bus_id, memory_bytes,
                                   compute_capability)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(DeviceMeta, cuda_runtime_version, cuda_driver_version, nccl_version, gpus)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RunSummary, cases, failed_cases, skipped_cases, timed_out_cases, wrong_total,
                                   avg_bus_bw, avg_bus_bw_min_bytes, avg_bus_bw_rows)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RunOutcome, status, failure_kind, failure)

// Written by hand because the generated conversions cannot express an optional key: every
// key is required as above, except "devices", "prediction" and "model", which are written
// only when set and read when present (then with every one of their fields required).
void to_json(nlohmann::json& json, const Result& result);
void from_json(const nlohmann::json& json, Result& result);
void to_json(nlohmann::json& json, const RunMeta& meta);
void from_json(const nlohmann::json& json, RunMeta& meta);

// What from_json of a report that is not a sweep's (linkcheck, gradsync, pipeline) checks
// first: its "kind" is kind and its "schema_version" is the one this build reads. Throws
// std::runtime_error saying which.
void expect_report_kind(const nlohmann::json& json, const std::string& kind, int schema_version);
// The keys that open every report: {"schema_version": schema_version, "kind": kind}.
nlohmann::json report_header(const std::string& kind, int schema_version);

void to_json(nlohmann::json& json, const RunReport& report);
// Throws std::runtime_error when schema_version is not one this build reads.
void from_json(const nlohmann::json& json, RunReport& report);

// to_disk: the file survives a machine crash (fsync of the file and its directory), for
// final results. process_only: it survives the process being killed, which is all a report
// rewritten after every case needs, at a fraction of the cost: a launcher that ends a job
// sends SIGKILL one second after SIGTERM (Open MPI's default), and an fsync on a busy disk
// can take longer than that.
enum class Durability { to_disk, process_only };

// Writes text to a temporary file beside path and renames it over path, so that readers see
// either the old file or the whole new one, never a part.
void write_file_atomically(const std::string& path, const std::string& text,
                           Durability durability = Durability::to_disk);

// A number a report cannot hold: NaN or an infinity, which nlohmann writes as null and no
// reader of commbench accepts. what(): "<JSON path>: <value> is not a finite number ...".
class UnrepresentableValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The text of a report document, as every report file is written (pretty, one trailing
// newline): the last guard that whatever commbench writes, report, compare and gate read
// back. Throws UnrepresentableValueError, naming the first non-finite number's JSON path,
// before anything is written; the inputs that could lead there are refused where they are read.
std::string report_file_text(const nlohmann::json& document);

// The temporary file write_file_atomically uses for path in this process.
std::string temporary_path_for(const std::string& path);

}  // namespace commbench
