#include "bench/commands/fit/fit_command.hpp"

#include <iostream>
#include <sstream>
#include <stdexcept>

#include "bench/commands/fit/fit_settings.hpp"
#include "bench/commands/fit/fitted_fabric.hpp"
#include "bench/commands/fit/nccl_report_calibration.hpp"
#include "bench/measure/model_comparison.hpp"
#include "bench/reading/report_reading.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/usage_error.hpp"
#include "reports/format/bounded_file.hpp"
#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/number_text.hpp"
#include "reports/load/report_loader.hpp"
#include "reports/model/json_report.hpp"
#include "topology/cost/cost_fit.hpp"
#include "topology/fabric_files/fabric_json.hpp"

namespace commbench {
namespace {

const std::string kAccepted =
    "a collectives report (commbench COLLECTIVE -J) or a measured fabric (commbench fabric -J)";

// A file commbench fit cannot fit: bad input, exit 2. what() is one line naming the file.
class FitInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void refuse(const std::string& file, const std::string& what, const std::string& accepted = kAccepted) {
  throw FitInputError(one_line_text(file + ": " + what + " (accepted: " + accepted + ")"));
}

std::string read_input(const std::string& path) {
  try {
    return read_bounded_file(path, kMaxFitInputBytes);
  } catch (const BoundedFileError& error) {
    refuse(path, error.what(), error.accepted().empty() ? kAccepted : error.accepted());
  }
}

// The file's name without its directory and its last extension: "runs/r.json" -> "r".
std::string file_stem(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name.erase(dot);
  return name.empty() ? "input" : one_line_text(name);
}

struct FitInput {
  FittedFabric fitted;
  std::string description;  // "a collectives report of 4 ranks"
  // How it was fitted, with its intervals: the table's heading (for a calibration, its
  // intervals alone).
  std::string method;
  // A report measured over NCCL: the NCCL model's calibration instead of the MPI-style fits.
  std::optional<NcclReportCalibration> calibration;
};

// A report's native NCCL rows calibrate the NCCL model on the run's GPU fabric.
FitInput calibrate_nccl(const RunReport& report, const std::string& path, const std::optional<Fabric>& given,
                        const CostFitOptions& options) {
  FitInput input;
  try {
    input.calibration = calibrate_to_report(report, calibration_base_fabric(report, given), options);
  } catch (const std::invalid_argument& error) {
    refuse(path, error.what(), "a report of NCCL runs and the GPU fabric they ran on");
  } catch (const FitError& error) {
    refuse(path, std::string("the NCCL model cannot be calibrated to it: ") + error.what(),
           "native NCCL rows at 3 or more sizes");
  } catch (const ModelError& error) {
    refuse(path, error.what(), "a GPU fabric the NCCL model takes, docs/FABRIC.md");
  }
  input.description = "a collectives report of " + std::to_string(report.meta.world_size) + " ranks over NCCL";
  return input;
}

FitInput fit_collectives(const std::string& text, const std::string& path, const std::optional<Fabric>& fabric,
                         const CostFitOptions& options) {
  RunReport report;
  try {
    report = load_report_text(text, path);
  } catch (const ReportLoadError& error) {
    throw FitInputError(error.what());
  }
  std::size_t failed = 0, skipped = 0, timed_out = 0;
  for (const Result& row : report.results) {
    failed += row.status == ResultStatus::failed;
    skipped += row.status == ResultStatus::skipped;
    timed_out += row.status == ResultStatus::timed_out;
  }
  if (failed + skipped + timed_out == report.results.size()) {
    refuse(path,
           "has no ok rows to fit (" + std::to_string(report.results.size()) + " rows: " + std::to_string(failed) +
               " failed, " + std::to_string(skipped) + " skipped, " + std::to_string(timed_out) + " timed out)",
           "a collectives report with ok rows");
  }
  // The bootstrap's work grows with resamples x rows: bounded, and said in the heading.
  CostFitOptions bounded = options;
  bounded.bootstrap_resamples = bootstrap_resamples_within_budget(options.bootstrap_resamples, report.results.size());
  std::string interval = "95% bootstrap interval, " + std::to_string(bounded.bootstrap_resamples) + " resamples";
  if (bounded.bootstrap_resamples < options.bootstrap_resamples) {
    interval += " (--bootstrap " + std::to_string(options.bootstrap_resamples) + " reduced so that resamples x " +
                std::to_string(report.results.size()) + " rows stays within " + std::to_string(kMaxBootstrapDraws) +
                " draws)";
  }
  interval += ", seed " + std::to_string(options.seed);
  if (has_nccl_native_rows(report)) {
    FitInput input = calibrate_nccl(report, path, fabric, bounded);
    input.method = interval;
    return input;
  }
  if (fabric) {
    refuse(path, "--fabric is for a report of NCCL runs, whose native rows calibrate that fabric; this report has none",
           "--fabric only with a report measured with --backend nccl");
  }
  return {fit_collectives_report(report, path, file_stem(path), bounded),
          "a collectives report of " + std::to_string(report.meta.world_size) + " ranks",
          "t = alpha * latency steps + beta * bytes moved (+ gamma * bytes reduced), least squares on relative error; "
          "[" + interval + "]",
          std::nullopt};
}

FitInput fit_fabric(const std::string& text, const std::string& path) {
  Fabric fabric;
  try {
    fabric = load_fabric_text(text, path);
  } catch (const FabricError& error) {
    throw FitInputError(error.what());
  }
  if (fabric.measurements.empty()) {
    refuse(path, "the fabric '" + fabric.name + "' has no measurements to fit (a preset or a written fabric has none)",
           "a fabric measured by commbench fabric -J, its points in measurements; or a collectives report");
  }
  return {fit_fabric_measurements(fabric, path, file_stem(path)),
          "a fabric measured over " + std::to_string(fabric.measurements.size()) + " points",
          "t = alpha + n beta, alpha from the smallest sizes and beta from the largest, as commbench fabric fits "
          "them; [95% interval: Sen's for the slope, the median's for alpha]",
          std::nullopt};
}

// Reads the file, tells a report from a fabric by its "kind", and fits it. Throws
// FitInputError for anything that is not a fittable file.
FitInput fit_input(const std::string& path, const std::optional<Fabric>& fabric, const CostFitOptions& options) {
  const std::string text = read_input(path);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) refuse(path, "is empty");
  nlohmann::json document;
  // Only the kind is read here: the elements of the top-level arrays (a report's 10^5 rows) are
  // let go as they are parsed, so that telling the kind costs no tree of the whole file.
  JsonReadHooks only_the_kind;
  only_the_kind.streams_elements = [](const JsonPath& path) { return path.tokens().size() == 1; };
  only_the_kind.take_element = [](const JsonPath&, nlohmann::json&&) {};
  try {
    document = parse_json_document(text, JsonErrorPosition::line_and_column, only_the_kind);
  } catch (const JsonDocumentError& error) {
    refuse(path, error.what(), error.accepted().empty() ? kAccepted : error.accepted());
  }
  if (!document.is_object()) refuse(path, "the top level is not an object");
  const auto kind = document.find("kind");
  if (kind == document.end()) refuse(path, "/kind: is missing");
  if (!kind->is_string()) refuse(path, "/kind: is not a string", "\"collectives\" or \"fabric\"");
  const std::string name = kind->get<std::string>();
  // The loaders below parse the text again.
  document = nlohmann::json();
  if (name == "collectives") return fit_collectives(text, path, fabric, options);
  if (fabric) {
    refuse(path, "--fabric is for a report of NCCL runs, and this is a " + name + " file",
           "--fabric only with a collectives report measured with --backend nccl");
  }
  if (name == "fabric") return fit_fabric(text, path);
  if (name == "topology") refuse(path, "is a topology report (commbench topology), which holds no times to fit");
  if (name == "linkcheck") {
    refuse(path, "is a linkcheck report (commbench linkcheck): one size per link, too few to fit a model to");
  }
  refuse(path, "/kind: \"" + name + "\" is not a kind commbench fit reads", "\"collectives\" or \"fabric\"");
}

std::string fixed_width(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

// 1/x in GB/s with its interval, whose bounds swap; an interval that reaches 0 s/B has no upper bound.
std::string inverse_with_interval(const FittedValue& value) {
  const std::string high = value.ci95_low > 0 ? formatted_number("%.4g", 1e-9 / value.ci95_low) : "inf";
  return formatted_number("%.4g", 1e-9 / value.value) + " [" + formatted_number("%.4g", 1e-9 / value.ci95_high) +
         ", " + high + "]";
}

std::string fits_table(const std::string& path, const FitInput& input) {
  std::ostringstream out;
  out << "# Fits to " << one_line_text(path) << " (" << input.description << "): " << input.method << "\n";
  out << "# " << fixed_width("collective", 14) << fixed_width("algorithm", 16) << fixed_width("ranks", 6)
      << fixed_width("points", 7) << fixed_width("latency (us)", 28) << fixed_width("bandwidth (GB/s)", 28)
      << fixed_width("reduction (GB/s)", 28) << fixed_width("n1/2 (B)", 11) << fixed_width("rel.err med/max", 17)
      << "note\n";
  for (const FitAttempt& attempt : input.fitted.attempts) {
    if (!attempt.fit) continue;
    const FabricFit& fit = *attempt.fit;
    out << "  " << fixed_width(fit.collective, 14)
        << fixed_width(fit.algorithm.empty() ? "tier " + fit.tier : fit.algorithm, 16)
        << fixed_width(std::to_string(fit.ranks), 6) << fixed_width(std::to_string(fit.points), 7)
        << fixed_width(fitted_text(fit.latency_s, 1e6), 28)
        << fixed_width(inverse_with_interval(fit.seconds_per_byte), 28)
        << fixed_width(fit.reduction_seconds_per_byte && fit.reduction_seconds_per_byte->value > 0
                           ? inverse_with_interval(*fit.reduction_seconds_per_byte)
                           : "-",
                       28)
        << fixed_width(formatted_number("%.0f", fit.half_bandwidth_bytes), 11)
        << fixed_width(formatted_number("%.1f", fit.median_relative_error * 100) + "% / " +
                           formatted_number("%.1f", fit.max_relative_error * 100) + "%",
                       17)
        << one_line_text(fit.note) << "\n";
  }
  for (const FitAttempt& attempt : input.fitted.attempts) {
    if (!attempt.fit) out << "# Not fitted: " << attempt.subject << ": " << one_line_text(attempt.failure) << "\n";
  }
  return out.str();
}

// The NCCL model's calibration, as `fit` prints it.
std::string calibration_text(const std::string& path, const FitInput& input) {
  const NcclReportCalibration& calibration = *input.calibration;
  const TierCalibration& fitted = calibration.fit.calibration;
  std::ostringstream out;
  out << "# NCCL model calibrated to " << one_line_text(path) << " (" << input.description << ", "
      << calibration.rows << " native rows) on fabric " << one_line_text(calibration.fabric.name) << ": t = scale * "
      << "the tier's latency + the tier's transfer time / efficiency + the rest of the prediction, least squares on "
      << "relative error; [" << input.method << "]\n";
  out << "  tier " << one_line_text(calibration.fit.tier) << ": latency scale " << fitted_text(fitted.latency_scale, 1)
      << "; bandwidth efficiency " << fitted_text(fitted.bandwidth_efficiency, 1) << "; " << fitted.points << " sizes, median relative error "
      << formatted_number("%.1f", fitted.median_relative_error * 100) << "%";
  if (!fitted.note.empty()) out << "; " << one_line_text(fitted.note);
  out << "\n";
  return out.str();
}

// Rank 0's whole command. Returns the exit code.
int fit_file(const Config& config) {
  const FitSettings& fit = config.settings<FitSettings>();
  const std::string& path = fit.input;
  CostFitOptions options;
  options.bootstrap_resamples = fit.bootstrap_resamples;
  options.seed = fit.seed;
  FitInput input;
  try {
    // --fabric is checked before the file is read: a fabric that cannot be used is bad input
    // whatever the file holds.
    std::optional<Fabric> fabric;
    if (!fit.fabric.empty()) {
      try {
        fabric = load_model_fabric(fit.fabric);
      } catch (const UsageError& error) {
        throw FitInputError(error.what());
      }
    }
    input = fit_input(path, fabric, options);
    if (!input.calibration && input.fitted.fabric.fits.empty()) {
      std::string reasons;
      for (const FitAttempt& attempt : input.fitted.attempts) {
        reasons += (reasons.empty() ? "" : "; ") + attempt.subject + ": " + attempt.failure;
      }
      refuse(path, "nothing could be fitted: " + reasons,
             "at least one series or tier whose times the model can follow: 3 or more sizes, growing with the size; "
             "for a tier, a line within the fit bound of the sizes that decide it");
    }
  } catch (const FitInputError& error) {
    say_error("fit: " + std::string(error.what()));
    return kExitUsageError;
  }
  const Fabric& fabric = input.calibration ? input.calibration->fabric : input.fitted.fabric;
  std::cout << (input.calibration ? calibration_text(path, input) : fits_table(path, input)) << "\n"
            << fabric_summary_text(fabric);
  if (config.report_path.empty()) return kExitOk;
  try {
    const std::string text = fabric_json_text(fabric);
    // What is written must load back: a fitted figure the fabric format refuses is a bug here,
    // better said now than by whoever reads the file.
    load_fabric_text(text, config.report_path);
    write_file_atomically(config.report_path, text);
  } catch (const std::exception& error) {
    say_error("fit: cannot write the fitted fabric: " + std::string(error.what()));
    return kExitRuntimeError;
  }
  std::cout << "# Fitted fabric written to " << config.report_path << std::endl;
  return kExitOk;
}

}  // namespace

int run_fit(const RankZeroRun& run) {
  const Config& config = run.config;
  return with_memory_demand(report_file_demand("fitting", config.settings<FitSettings>().input),
                            [&config] { return fit_file(config); });
}

nlohmann::json fit_settings_json(const Config& config) {
  nlohmann::json json = command_json(config);
  const FitSettings& fit = config.settings<FitSettings>();
  json["input"] = fit.input;
  json["bootstrap_resamples"] = fit.bootstrap_resamples;
  json["seed"] = fit.seed;
  return json;
}

}  // namespace commbench
