// The runs section: what ran, where and when (every report), the GPUs, and the runs that did not
// finish.
#include "reports/render/document_sections.hpp"

#include <optional>
#include <type_traits>
#include <variant>

#include "reports/format/number_text.hpp"
#include "reports/format/text_join.hpp"
#include "reports/render/document_parts.hpp"

namespace commbench::report_sections {
namespace {

using nlohmann::json;

// A topology report's meta and outcome are the schema's, but it has no data model: read them
// with the other reports' conversions, and say nothing rather than fail on one that lacks them.
template <typename Value>
std::optional<Value> read_member(const json& document, const char* key) {
  if (!document.is_object() || !document.contains(key)) return std::nullopt;
  try {
    return document.at(key).get<Value>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

struct RunDescription {
  std::optional<RunMeta> meta;
  std::optional<RunOutcome> outcome;
};

RunDescription describe(const ReportContent& content) {
  return std::visit(
      [](const auto& report) -> RunDescription {
        using Content = std::decay_t<decltype(report)>;
        if constexpr (std::is_same_v<Content, TopologyDocument>) {
          return {read_member<RunMeta>(report.document, "meta"), read_member<RunOutcome>(report.document, "outcome")};
        } else {
          return {report.meta, report.outcome};
        }
      },
      content);
}

// The status first: whether a run finished is what a reader of a CI summary looks for.
DocumentText run_status(const RunDescription& run) {
  if (!run.outcome) return plain("-");
  if (run.outcome->status == RunStatus::complete) return plain("complete");
  return warning("partial (" + run.outcome->failure_kind + ")");
}

}  // namespace

DocumentSection runs_section(const std::vector<NamedReport>& reports) {
  DocumentSection section{"runs", "Runs", {}};
  DocumentTable table = make_table("What ran, where and when", {{"report", false},
                                                                {"kind", false},
                                                                {"status", false},
                                                                {"ranks", true},
                                                                {"hosts (ranks)", false},
                                                                {"backend", false},
                                                                {"version", false},
                                                                {"start (UTC)", false},
                                                                {"end (UTC)", false}});
  std::vector<DocumentText> failures;
  DocumentTable gpus = make_table("GPUs, one per rank", {{"report", false},
                                                         {"rank", true},
                                                         {"host", false},
                                                         {"device", true},
                                                         {"name", false},
                                                         {"UUID", false},
                                                         {"PCI bus", false},
                                                         {"memory", true},
                                                         {"compute capability", false}});
  std::vector<DocumentText> versions;
  for (const NamedReport& named : reports) {
    const RunDescription run = describe(named.report->content);
    std::vector<DocumentText> row{plain(named.name), plain(named.report->kind), run_status(run)};
    if (run.outcome && run.outcome->status != RunStatus::complete) {
      failures.push_back(warning(named.name + " did not finish (" + run.outcome->failure_kind +
                                 "): " + (run.outcome->failure.empty() ? "no reason recorded" : run.outcome->failure)));
    }
    if (!run.meta) {
      row.resize(row.size() + 6, plain("-"));
      table.rows.push_back(std::move(row));
      continue;
    }
    const RunMeta& meta = *run.meta;
    std::vector<std::string> hosts;
    for (const HostEntry& host : meta.hosts) hosts.push_back(host.name + ": " + rank_ranges(host.ranks));
    for (const std::string& text : {std::to_string(meta.world_size), joined(hosts, "; "), meta.backend,
                                    meta.version + " (" + meta.git_revision + ")", meta.start_time, meta.end_time}) {
      row.push_back(plain(text));
    }
    table.rows.push_back(std::move(row));
    if (meta.devices) {
      const DeviceMeta& devices = *meta.devices;
      versions.push_back(plain(named.name + ": CUDA runtime " + devices.cuda_runtime_version + ", driver " +
                               devices.cuda_driver_version +
                               (devices.nccl_version.empty() ? "" : ", NCCL " + devices.nccl_version)));
      for (const GpuEntry& gpu : devices.gpus) {
        gpus.rows.push_back({plain(named.name), plain(std::to_string(gpu.rank)), plain(gpu.host),
                             plain(std::to_string(gpu.device_index)), plain(gpu.name), plain(gpu.uuid),
                             plain(gpu.pci_bus_id), plain(byte_size_text(static_cast<double>(gpu.memory_bytes))),
                             plain(gpu.compute_capability)});
      }
    }
  }
  section.blocks.push_back(table);
  if (!failures.empty()) section.blocks.push_back(DocumentList{failures});
  if (!gpus.rows.empty()) {
    section.blocks.push_back(gpus);
    section.blocks.push_back(DocumentList{versions});
  }
  return section;
}

}  // namespace commbench::report_sections
