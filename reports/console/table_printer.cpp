#include "reports/console/table_printer.hpp"

#include <cstdio>
#include <string>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// time, algbw, busbw, #wrong of one placement, or its status when it was not measured.
std::string placement_columns(const Result& result) {
  if (result.status != ResultStatus::ok && result.iterations == 0) {
    return pad_left(result_status_name(result.status), 10) + pad_left("-", 8) + pad_left("-", 8) + pad_left("-", 7);
  }
  const std::string wrong = result.check_iterations == 0 ? "N/A" : std::to_string(result.wrong);
  return pad_left(formatted_number("%.2f", result.time_s * 1e6), 10) +
         pad_left(formatted_number("%.2f", result.alg_bw / 1e9), 8) +
         pad_left(formatted_number("%.2f", result.bus_bw / 1e9), 8) + pad_left(wrong, 7);
}

// The model's predicted time, busbw and relative error beside a placement's measurement.
std::string model_columns(const Result& result) {
  if (!result.prediction) return pad_left("-", 10) + pad_left("-", 8) + pad_left("-", 8);
  const ResultPrediction& p = *result.prediction;
  return pad_left(formatted_number("%.2f", p.time_s * 1e6), 10) + pad_left(formatted_number("%.2f", p.bus_bw / 1e9), 8) +
         pad_left(formatted_number("%+.1f", p.relative_error * 100), 8);
}

std::string percent(double fraction) { return formatted_number("%.1f", fraction * 100) + "%"; }

std::string host_ranks(const HostEntry& host) {
  std::vector<std::string> ranks;
  for (int rank : host.ranks) ranks.push_back(std::to_string(rank));
  return joined(ranks, ",");
}

// Like nccl-tests' per-rank device lines: which GPU each rank drives, named so that it can be
// found again (UUID, PCI address) whatever CUDA_VISIBLE_DEVICES showed the rank.
void print_devices(std::ostream& out, const DeviceMeta& devices) {
  out << "# CUDA runtime " << devices.cuda_runtime_version << ", driver " << devices.cuda_driver_version;
  if (!devices.nccl_version.empty()) out << ", NCCL " << devices.nccl_version;
  out << "\n";
  for (const GpuEntry& gpu : devices.gpus) {
    out << "#  rank " << gpu.rank << " on " << gpu.host << ": device " << gpu.device_index << ' ' << gpu.name << ", "
        << gpu.uuid << ", bus " << gpu.pci_bus_id << "\n";
  }
}

}  // namespace

void TablePrinter::run_started(const RunMeta& meta, const nlohmann::json& config) {
  placements_ = config.value("placements", std::vector<std::string>{"out-of-place", "in-place"});
  with_model_ = !config.value("fabric", std::string()).empty();
  out_ << "# " << meta.tool << ' ' << meta.version << " (" << meta.git_revision << "), backend " << meta.backend
       << ", " << meta.world_size << " ranks on " << meta.hosts.size() << (meta.hosts.size() == 1 ? " host" : " hosts")
       << "\n# " << meta.library_version << "\n";
  for (const HostEntry& host : meta.hosts) out_ << "#  host " << host.name << ": ranks " << host_ranks(host) << "\n";
  if (meta.devices) print_devices(out_, *meta.devices);
  const nlohmann::json& iterations = config.at("iterations");
  out_ << "# timing " << config.value("timing", std::string()) << ", iterations "
       << (iterations.is_string() ? iterations.get<std::string>() : iterations.dump())
       << ", warm-up " << config.value("warmup_iterations", 0) << ", check iterations "
       << config.value("check_iterations", 0) << "\n";
  out_.flush();
}

void TablePrinter::collective_started(const std::string& collective) {
  // Each placement's label is centred over its four columns (kGroupWidth characters),
  // which follow the 52 characters of size, count, type, redop and root.
  const std::size_t kGroupWidth = with_model_ ? 59 : 33;
  out_ << "#\n# Collective: " << collective << "\n#" << std::string(51, ' ');
  for (const std::string& placement : placements_) {
    const std::size_t left = (kGroupWidth - placement.size()) / 2;
    out_ << std::string(left, ' ') << placement << std::string(kGroupWidth - placement.size() - left, ' ');
  }
  out_ << "\n#       size         count      type   redop    root";
  for (std::size_t i = 0; i < placements_.size(); ++i) {
    out_ << "      time   algbw   busbw #wrong" << (with_model_ ? "     model  mbusbw   error" : "");
  }
  out_ << "\n#        (B)    (elements)                            ";
  for (std::size_t i = 0; i < placements_.size(); ++i) {
    out_ << "      (us)  (GB/s)  (GB/s)       " << (with_model_ ? "      (us)  (GB/s)     (%)" : "");
  }
  out_ << "\n";
  out_.flush();
}

void TablePrinter::case_finished(const std::vector<Result>& placements) {
  if (placements.empty()) return;
  const Result& first = placements.front();
  out_ << pad_left(std::to_string(first.bytes), 12) << pad_left(std::to_string(first.count), 14)
       // The leading space keeps a column gap before names longer than the column (float8_e4m3).
       << pad_left(" " + first.dtype, 10) << pad_left(first.op, 8) << pad_left(std::to_string(first.root), 8);
  for (const Result& result : placements) {
    out_ << placement_columns(result) << (with_model_ ? model_columns(result) : "");
  }
  out_ << "\n";
  for (const Result& result : placements) {
    if (result.status != ResultStatus::ok) {
      out_ << "#  " << result.placement << ' ' << result_status_name(result.status) << ": " << result.reason << "\n";
    }
  }
  out_.flush();
}

void TablePrinter::run_finished(const RunReport& report) {
  const RunSummary& s = report.summary;
  out_ << "# Out of bounds values : " << s.wrong_total << (s.wrong_total == 0 ? " OK" : " FAILED") << "\n";
  if (s.avg_bus_bw_rows > 0) {
    out_ << "# Avg bus bandwidth    : " << formatted_number("%.3f", s.avg_bus_bw / 1e9) << " GB/s (over "
         << s.avg_bus_bw_rows
         << (s.avg_bus_bw_min_bytes > 0 ? " rows of " + std::to_string(s.avg_bus_bw_min_bytes) + " B and more)\n"
                                        : " rows: none reached --avg-min-bytes, so all sizes)\n");
  } else {
    out_ << "# Avg bus bandwidth    : N/A (no row was measured successfully)\n";
  }
  if (s.failed_cases > 0 || s.skipped_cases > 0) {
    out_ << "# Failed cases         : " << s.failed_cases << ", skipped cases: " << s.skipped_cases
         << " (reasons above and in the report)\n";
  }
  if (report.model) print_model_summary(*report.model);
  out_ << "#\n";
  out_.flush();
}

void TablePrinter::print_model_summary(const ModelReport& model) {
  out_ << "# Model (fabric " << model.fabric_source << "): |error| of the predicted time; shortfall = busbw below "
       << percent(model.shortfall_fraction) << " of the model's\n";
  for (const ModelAccuracy& group : model.accuracy) {
    out_ << "#  " << group.collective << ' ' << group.algorithm;
    if (group.algorithm == "native") {
      // The library does not say what it ran: the model's pick is an assumption, NCCL's tuner's
      // where the NCCL model names a protocol too ("ring/simple").
      const bool nccl = group.modelled_algorithm.find('/') != std::string::npos;
      out_ << " (modelled as " << group.modelled_algorithm << ", assumed " << (nccl ? "NCCL" : "library")
           << " choice)";
    } else if (group.modelled_algorithm != group.algorithm) {
      out_ << " (modelled as " << group.modelled_algorithm << ")";
    }
    out_ << ": median " << percent(group.median_abs_relative_error) << ", p90 " << percent(group.p90_abs_relative_error)
         << " over " << group.rows << " rows; ";
    if (group.shortfalls.empty()) {
      out_ << "no shortfall\n";
      continue;
    }
    out_ << "shortfall at";
    for (const ModelShortfall& shortfall : group.shortfalls) {
      out_ << ' ' << shortfall.bytes << " B " << shortfall.placement << " (" << percent(shortfall.measured_fraction)
           << ')';
    }
    out_ << "\n";
  }
  for (const std::string& note : model.notes) out_ << "#  note: " << note << "\n";
}

void TablePrinter::run_interrupted(const RunInterruption& interruption) {
  case_finished(interruption.unreported_rows);
  if (interruption.case_in_flight) {
    const Result& row = *interruption.case_in_flight;
    out_ << "#  " << row.collective << ' ' << row.bytes << " B " << row.placement << ' '
         << result_status_name(row.status) << ": " << row.reason << "\n";
  }
  out_ << "# Run ended early (" << interruption.outcome.failure_kind << "): " << interruption.outcome.failure
       << "\n#\n";
  out_.flush();
}

}  // namespace commbench
