#include "reports/model/json_report.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "reports/format/json_document.hpp"
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

void to_json(json& j, const Result& r) {
  j = json{{"collective", r.collective},
           {"backend", r.backend},
           {"algorithm", r.algorithm},
           {"dtype", r.dtype},
           {"op", r.op},
           {"root", r.root},
           {"placement", r.placement},
           {"ranks", r.ranks},
           {"bytes", r.bytes},
           {"count", r.count},
           {"timing_mode", r.timing_mode},
           {"warmup_iterations", r.warmup_iterations},
           {"iterations", r.iterations},
           {"stats_s", r.stats_s},
           {"time_s", r.time_s},
           {"alg_bw", r.alg_bw},
           {"bus_bw", r.bus_bw},
           {"bus_bw_factor", r.bus_bw_factor},
           {"check_iterations", r.check_iterations},
           {"wrong", r.wrong},
           {"status", r.status},
           {"reason", r.reason}};
  write_optional_key(j, "prediction", r.prediction);
}

void from_json(const json& j, Result& r) {
  j.at("collective").get_to(r.collective);
  j.at("backend").get_to(r.backend);
  j.at("algorithm").get_to(r.algorithm);
  j.at("dtype").get_to(r.dtype);
  j.at("op").get_to(r.op);
  j.at("root").get_to(r.root);
  j.at("placement").get_to(r.placement);
  j.at("ranks").get_to(r.ranks);
  j.at("bytes").get_to(r.bytes);
  j.at("count").get_to(r.count);
  j.at("timing_mode").get_to(r.timing_mode);
  j.at("warmup_iterations").get_to(r.warmup_iterations);
  j.at("iterations").get_to(r.iterations);
  j.at("stats_s").get_to(r.stats_s);
  j.at("time_s").get_to(r.time_s);
  j.at("alg_bw").get_to(r.alg_bw);
  j.at("bus_bw").get_to(r.bus_bw);
  j.at("bus_bw_factor").get_to(r.bus_bw_factor);
  j.at("check_iterations").get_to(r.check_iterations);
  j.at("wrong").get_to(r.wrong);
  j.at("status").get_to(r.status);
  j.at("reason").get_to(r.reason);
  read_optional_key(j, "prediction", r.prediction);
}

void to_json(json& j, const RunMeta& m) {
  j = json{{"tool", m.tool},
           {"version", m.version},
           {"git_revision", m.git_revision},
           {"argv", m.argv},
           {"start_time", m.start_time},
           {"end_time", m.end_time},
           {"backend", m.backend},
           {"library_version", m.library_version},
           {"world_size", m.world_size},
           {"hosts", m.hosts},
           {"environment", m.environment},
           {"peak_rss_bytes", m.peak_rss_bytes}};
  write_optional_key(j, "devices", m.devices);
}

void from_json(const json& j, RunMeta& m) {
  // at() throws for a missing key, with its path (JSON_DIAGNOSTICS), as the generated ones do.
  j.at("tool").get_to(m.tool);
  j.at("version").get_to(m.version);
  j.at("git_revision").get_to(m.git_revision);
  j.at("argv").get_to(m.argv);
  j.at("start_time").get_to(m.start_time);
  j.at("end_time").get_to(m.end_time);
  j.at("backend").get_to(m.backend);
  j.at("library_version").get_to(m.library_version);
  j.at("world_size").get_to(m.world_size);
  j.at("hosts").get_to(m.hosts);
  j.at("environment").get_to(m.environment);
  j.at("peak_rss_bytes").get_to(m.peak_rss_bytes);
  // A present "devices" that is not an object (null included) is refused by DeviceMeta's
  // conversion, like any other field of the wrong kind.
  read_optional_key(j, "devices", m.devices);
}

void to_json(json& j, const RunReport& r) {
  j = report_header("collectives", kReportSchemaVersion);
  j.update(json{{"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"results", r.results},
           {"summary", r.summary}});
  write_optional_key(j, "model", r.model);
}

void from_json(const json& j, RunReport& r) {
  const int version = j.at("schema_version").get<int>();
  if (version != kReportSchemaVersion) {
    throw std::runtime_error("report: schema_version " + std::to_string(version) + " is not supported (this build reads " +
                             std::to_string(kReportSchemaVersion) + ")");
  }
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  j.at("results").get_to(r.results);
  j.at("summary").get_to(r.summary);
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
