#include "json_report.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace commbench {

using nlohmann::json;

void to_json(json& j, const SampleStatistics& s) {
  j = json{{"samples", s.samples}, {"min", s.min},       {"median", s.median},
           {"mean", s.mean},       {"p95", s.p95},       {"p99", s.p99},
           {"max", s.max},         {"stdev", s.stdev},   {"median_ci95_low", s.median_ci95_low},
           {"median_ci95_high", s.median_ci95_high}};
}

void from_json(const json& j, SampleStatistics& s) {
  j.at("samples").get_to(s.samples);
  j.at("min").get_to(s.min);
  j.at("median").get_to(s.median);
  j.at("mean").get_to(s.mean);
  j.at("p95").get_to(s.p95);
  j.at("p99").get_to(s.p99);
  j.at("max").get_to(s.max);
  j.at("stdev").get_to(s.stdev);
  j.at("median_ci95_low").get_to(s.median_ci95_low);
  j.at("median_ci95_high").get_to(s.median_ci95_high);
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
           {"stats_s", r.stats},
           {"time_s", r.time_s},
           {"alg_bw", r.alg_bw},
           {"bus_bw", r.bus_bw},
           {"bus_bw_factor", r.bus_bw_factor},
           {"check_iterations", r.check_iterations},
           {"wrong", r.wrong},
           {"status", result_status_name(r.status)},
           {"reason", r.reason}};
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
  j.at("stats_s").get_to(r.stats);
  j.at("time_s").get_to(r.time_s);
  j.at("alg_bw").get_to(r.alg_bw);
  j.at("bus_bw").get_to(r.bus_bw);
  j.at("bus_bw_factor").get_to(r.bus_bw_factor);
  j.at("check_iterations").get_to(r.check_iterations);
  j.at("wrong").get_to(r.wrong);
  const std::string status = j.at("status").get<std::string>();
  if (status == "ok") {
    r.status = ResultStatus::ok;
  } else if (status == "skipped") {
    r.status = ResultStatus::skipped;
  } else if (status == "failed") {
    r.status = ResultStatus::failed;
  } else {
    throw std::runtime_error("report: unknown result status '" + status + "' (accepted: ok, skipped, failed)");
  }
  j.at("reason").get_to(r.reason);
}

void to_json(json& j, const HostEntry& h) { j = json{{"name", h.name}, {"identity", h.identity}, {"ranks", h.ranks}}; }

void from_json(const json& j, HostEntry& h) {
  j.at("name").get_to(h.name);
  j.at("identity").get_to(h.identity);
  j.at("ranks").get_to(h.ranks);
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
}

void from_json(const json& j, RunMeta& m) {
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
}

void to_json(json& j, const RunSummary& s) {
  j = json{{"cases", s.cases},
           {"failed_cases", s.failed_cases},
           {"skipped_cases", s.skipped_cases},
           {"wrong_total", s.wrong_total},
           {"avg_bus_bw", s.avg_bus_bw},
           {"avg_bus_bw_min_bytes", s.avg_bus_bw_min_bytes},
           {"avg_bus_bw_rows", s.avg_bus_bw_rows}};
}

void from_json(const json& j, RunSummary& s) {
  j.at("cases").get_to(s.cases);
  j.at("failed_cases").get_to(s.failed_cases);
  j.at("skipped_cases").get_to(s.skipped_cases);
  j.at("wrong_total").get_to(s.wrong_total);
  j.at("avg_bus_bw").get_to(s.avg_bus_bw);
  j.at("avg_bus_bw_min_bytes").get_to(s.avg_bus_bw_min_bytes);
  j.at("avg_bus_bw_rows").get_to(s.avg_bus_bw_rows);
}

void to_json(json& j, const RunReport& r) {
  j = json{{"schema_version", kReportSchemaVersion},
           {"kind", "collectives"},
           {"meta", r.meta},
           {"config", r.config},
           {"results", r.results},
           {"summary", r.summary}};
}

void from_json(const json& j, RunReport& r) {
  const int version = j.at("schema_version").get<int>();
  if (version != kReportSchemaVersion) {
    throw std::runtime_error("report: schema_version " + std::to_string(version) + " is not supported (this build reads " +
                             std::to_string(kReportSchemaVersion) + ")");
  }
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  j.at("results").get_to(r.results);
  j.at("summary").get_to(r.summary);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
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
  const bool synced = ::fsync(fd) == 0;
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
  // Make the rename itself durable: flush the directory entry.
  const auto slash = path.find_last_of('/');
  const std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int directory_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory_fd >= 0) {
    ::fsync(directory_fd);
    ::close(directory_fd);
  }
}

}  // namespace commbench
