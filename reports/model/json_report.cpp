#include "reports/model/json_report.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "reports/format/json_document.hpp"
#include "reports/format/json_fields.hpp"
#include "reports/format/json_optional.hpp"

namespace commbench {

using nlohmann::json;

// Written by name; an unknown name is an error rather than a silent default.
void to_json(json& j, const ResultStatus& status) { j = result_status_name(status); }

void from_json(const json& j, ResultStatus& status) {
  const std::string name = j.get<std::string>();
  for (ResultStatus candidate :
       {ResultStatus::ok, ResultStatus::skipped, ResultStatus::failed, ResultStatus::timed_out}) {
    if (result_status_name(candidate) == name) {
      status = candidate;
      return;
    }
  }
  throw std::runtime_error("report: unknown result status '" + name + "' (accepted: ok, skipped, failed, timed_out)");
}

void to_json(json& j, const RunStatus& status) { j = run_status_name(status); }

void from_json(const json& j, RunStatus& status) {
  const std::string name = j.get<std::string>();
  for (RunStatus candidate : {RunStatus::complete, RunStatus::partial}) {
    if (run_status_name(candidate) == name) {
      status = candidate;
      return;
    }
  }
  throw std::runtime_error("report: unknown run status '" + name + "' (accepted: complete, partial)");
}

// A row's keys (the member names), every one required when read, in this order; "prediction"
// is an optional key (json_optional.hpp).
constexpr auto kResultFields = [](auto& record, auto visit) {
  visit("collective", record.collective);
  visit("backend", record.backend);
  visit("algorithm", record.algorithm);
  visit("dtype", record.dtype);
  visit("op", record.op);
  visit("root", record.root);
  visit("placement", record.placement);
  visit("ranks", record.ranks);
  visit("bytes", record.bytes);
  visit("count", record.count);
  visit("timing_mode", record.timing_mode);
  visit("warmup_iterations", record.warmup_iterations);
  visit("iterations", record.iterations);
  visit("stats_s", record.stats_s);
  visit("time_s", record.time_s);
  visit("alg_bw", record.alg_bw);
  visit("bus_bw", record.bus_bw);
  visit("bus_bw_factor", record.bus_bw_factor);
  visit("check_iterations", record.check_iterations);
  visit("wrong", record.wrong);
  visit("status", record.status);
  visit("reason", record.reason);
};

void to_json(json& j, const Result& r) {
  j = json::object();
  write_fields(j, r, kResultFields);
  write_optional_key(j, "prediction", r.prediction);
}

void from_json(const json& j, Result& r) {
  read_fields(j, r, kResultFields);
  read_optional_key(j, "prediction", r.prediction);
}

// The run's keys (the member names), every one required when read, in this order; "devices"
// is an optional key (json_optional.hpp).
constexpr auto kRunMetaFields = [](auto& record, auto visit) {
  visit("tool", record.tool);
  visit("version", record.version);
  visit("git_revision", record.git_revision);
  visit("argv", record.argv);
  visit("start_time", record.start_time);
  visit("end_time", record.end_time);
  visit("backend", record.backend);
  visit("library_version", record.library_version);
  visit("world_size", record.world_size);
  visit("hosts", record.hosts);
  visit("environment", record.environment);
  visit("peak_rss_bytes", record.peak_rss_bytes);
};

void to_json(json& j, const RunMeta& m) {
  j = json::object();
  write_fields(j, m, kRunMetaFields);
  write_optional_key(j, "devices", m.devices);
}

void from_json(const json& j, RunMeta& m) {
  // at() throws for a missing key, with its path (JSON_DIAGNOSTICS), as the generated ones do.
  read_fields(j, m, kRunMetaFields);
  // A present "devices" that is not an object (null included) is refused by DeviceMeta's
  // conversion, like any other field of the wrong kind.
  read_optional_key(j, "devices", m.devices);
}

// The report's keys after its header (the member names), every one required when read, in this
// order; "model" is an optional key (json_optional.hpp).
constexpr auto kRunReportFields = [](auto& report, auto visit) {
  visit("outcome", report.outcome);
  visit("meta", report.meta);
  visit("config", report.config);
  visit("results", report.results);
  visit("summary", report.summary);
};

void to_json(json& j, const RunReport& r) {
  j = report_header("collectives", kReportSchemaVersion);
  write_fields(j, r, kRunReportFields);
  write_optional_key(j, "model", r.model);
}

void from_json(const json& j, RunReport& r) {
  const int version = j.at("schema_version").get<int>();
  if (version != kReportSchemaVersion) {
    throw std::runtime_error("report: schema_version " + std::to_string(version) + " is not supported (this build reads " +
                             std::to_string(kReportSchemaVersion) + ")");
  }
  read_fields(j, r, kRunReportFields);
  read_optional_key(j, "model", r.model);
}

std::string temporary_path_for(const std::string& path) { return path + ".tmp." + std::to_string(::getpid()); }

namespace {

// The path of the first non-finite number in node, below path; empty when there is none.
std::string non_finite_path(const nlohmann::json& node, const std::string& path) {
  if (node.is_number_float()) {
    return std::isfinite(node.get<double>()) ? "" : (path.empty() ? "/" : path);
  }
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (std::string found = non_finite_path(value, path + "/" + json_pointer_token(key)); !found.empty()) return found;
    }
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (std::string found = non_finite_path(node[i], path + "/" + std::to_string(i)); !found.empty()) return found;
    }
  }
  return "";
}

}  // namespace

std::string report_file_text(const nlohmann::json& document) {
  if (const std::string path = non_finite_path(document, ""); !path.empty()) {
    const double value = document.at(nlohmann::json::json_pointer(path == "/" ? "" : path)).get<double>();
    throw UnrepresentableValueError(path + ": " + (std::isnan(value) ? "NaN" : value > 0 ? "infinity" : "-infinity") +
                                    " is not a finite number, which a report cannot hold (JSON writes it as null, "
                                    "and report, compare and gate refuse it); nothing was written");
  }
  return document.dump(2) + "\n";
}

void write_file_atomically(const std::string& path, const std::string& text, Durability durability) {
  const std::string temporary = temporary_path_for(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot create " + temporary + ": " + std::strerror(errno));
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string error = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      throw std::runtime_error("cannot write " + temporary + ": " + error);
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = durability == Durability::process_only || ::fsync(fd) == 0;
  const int sync_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!synced || !closed) {
    const std::string error = std::strerror(synced ? errno : sync_errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error("cannot flush " + temporary + ": " + error);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string error = std::strerror(errno);
    ::unlink(temporary.c_str());
    throw std::runtime_error("cannot rename " + temporary + " to " + path + ": " + error);
  }
  if (durability == Durability::process_only) return;
  // Make the rename itself durable: flush the directory entry.
  const auto slash = path.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd >= 0) {
    ::fsync(directory_fd);
    ::close(directory_fd);
  }
}

nlohmann::json report_header(const std::string& kind, int schema_version) {
  return nlohmann::json{{"schema_version", schema_version}, {"kind", kind}};
}

void expect_report_kind(const nlohmann::json& json, const std::string& kind, int schema_version) {
  const std::string found = json.at("kind").get<std::string>();
  if (found != kind) throw std::runtime_error("report: kind '" + found + "' is not a " + kind + " report");
  const int version = json.at("schema_version").get<int>();
  if (version != schema_version) {
    throw std::runtime_error("report: " + kind + " schema_version " + std::to_string(version) +
                             " is not supported (this build reads " + std::to_string(schema_version) + ")");
  }
}

}  // namespace commbench
