// The pipeline section: per report its runs, the timeline of one step and the stages.
#include "reports/render/document_sections.hpp"

#include <algorithm>
#include <map>

#include "reports/format/number_text.hpp"
#include "reports/render/document_parts.hpp"

namespace commbench::report_sections {
namespace {

DocumentChart pipeline_timeline_chart(const PipelineReport& report, const PipelineRun& run, const NamedReport& named,
                                      std::size_t run_index) {
  Timeline timeline;
  timeline.title = named.name + ": timeline of one step";
  std::vector<std::pair<int, int>> lanes;  // (pipeline, stage)
  std::map<std::pair<int, int>, int> rank_of;
  for (const PipelineTimelineEntry& entry : run.timeline) {
    const std::pair<int, int> lane{entry.pipeline, entry.stage};
    if (rank_of.emplace(lane, entry.rank).second) lanes.push_back(lane);
  }
  std::sort(lanes.begin(), lanes.end());
  for (const auto& lane : lanes) {
    timeline.lanes.push_back((report.pipelines > 1 ? "pipeline " + std::to_string(lane.first) + " " : std::string()) +
                             "stage " + std::to_string(lane.second) + " (rank " + std::to_string(rank_of[lane]) + ")");
  }
  for (const PipelineTimelineEntry& entry : run.timeline) {
    const std::size_t lane = static_cast<std::size_t>(
        std::find(lanes.begin(), lanes.end(), std::make_pair(entry.pipeline, entry.stage)) - lanes.begin());
    const bool pass = entry.operation == "forward" || entry.operation == "backward";
    const TimelineActivity activity = entry.operation == "forward"    ? TimelineActivity::forward
                                      : entry.operation == "backward" ? TimelineActivity::backward
                                                                      : TimelineActivity::transfer;
    std::string label = entry.operation + " micro-batch " + std::to_string(entry.microbatch);
    if (report.chunks > 1) label += " chunk " + std::to_string(entry.chunk);
    if (!pass) label += " " + entry.payload + " with stage " + std::to_string(entry.peer_stage);
    label += ": " + duration_text(entry.start_s) + " to " + duration_text(entry.end_s);
    timeline.bars.push_back({lane, entry.start_s, entry.end_s, activity, label});
  }
  std::string caption = "Timed step " + std::to_string(run.timeline_step) + " (the one whose time is the median) of run " +
                        std::to_string(run_index + 1) + " of " + std::to_string(report.runs.size()) + " (" +
                        std::to_string(run.microbatches) + " micro-batches, " +
                        byte_size_text(static_cast<double>(run.activation_bytes)) +
                        " activations), on each rank's clock from the step's start. Transfers are drawn below the "
                        "passes; grey is idle.";
  return {"pipeline-timeline", named.report->path, caption, timeline};
}

}  // namespace

DocumentSection pipeline_section(const ReportsOf<PipelineReport>& reports) {
  DocumentSection section{"pipeline", "Pipeline", {}};
  for (const auto& [report, named] : reports) {
    section.blocks.push_back(DocumentHeading{named.name + ": " + report->schedule + ", " + std::to_string(report->stages) +
                                             " stages x " + std::to_string(report->pipelines) + " pipeline" +
                                             (report->pipelines == 1 ? "" : "s") +
                                             (report->chunks > 1 ? ", " + std::to_string(report->chunks) + " chunks" : "")});
    std::string description = "Per micro-batch and stage: forward " + duration_text(report->forward_s) + ", backward " +
                              duration_text(report->backward_s) + "; placement " + report->placement_policy;
    if (!report->placement_note.empty()) description += " (" + report->placement_note + ")";
    description += report->fabric.empty() ? "; model of compute only (no fabric)" : "; transfers modelled on " + report->fabric;
    section.blocks.push_back(DocumentParagraph{plain(description + ".")});
    DocumentTable runs = make_table(named.name + ": runs", {{"micro-batches", true},
                                                           {"activation", true},
                                                           {"step (median)", true},
                                                           {"model step", true},
                                                           {"model error (%)", true},
                                                           {"bubble (%)", true},
                                                           {"model bubble (%)", true},
                                                           {"busy (%)", true},
                                                           {"transfer (%)", true},
                                                           {"exposed transfer", true},
                                                           {"transfer bw median (GB/s)", true}});
    for (const PipelineRun& run : report->runs) {
      runs.rows.push_back({plain(std::to_string(run.microbatches)),
                           plain(byte_size_text(static_cast<double>(run.activation_bytes))),
                           plain(duration_text(run.step.median)), plain(duration_text(run.model.step_s)),
                           plain(signed_percent(run.model.relative_error)), plain(percent(run.bubble_fraction)),
                           plain(percent(run.model.bubble_fraction)), plain(percent(run.busy_fraction)),
                           plain(percent(run.transfer_fraction)), plain(duration_text(run.exposed_transfer_s)),
                           plain(gigabytes_per_second(run.transfer_bandwidth_median))});
    }
    section.blocks.push_back(runs);
    if (!report->runs.empty()) {
      const PipelineRun& run = report->runs.front();
      if (!run.timeline.empty()) section.blocks.push_back(pipeline_timeline_chart(*report, run, named, 0));
      DocumentTable stages = make_table(named.name + ": per stage, run 1 (means per step)", {{"pipeline", true},
                                                                                        {"stage", true},
                                                                                        {"rank", true},
                                                                                        {"host", false},
                                                                                        {"busy", true},
                                                                                        {"transfer", true},
                                                                                        {"idle", true},
                                                                                        {"bubble (%)", true}});
      for (const PipelineStageTimes& stage : run.stages) {
        std::string host = "-";
        for (const PipelineStagePlacement& placement : report->placement) {
          if (placement.rank == stage.rank) host = placement.host;
        }
        stages.rows.push_back({plain(std::to_string(stage.pipeline)), plain(std::to_string(stage.stage)),
                               plain(std::to_string(stage.rank)), plain(host), plain(duration_text(stage.busy_s)),
                               plain(duration_text(stage.transfer_s)), plain(duration_text(stage.idle_s)),
                               plain(percent(stage.bubble_fraction))});
      }
      section.blocks.push_back(stages);
    }
    if (!report->recommendation.empty()) section.blocks.push_back(DocumentParagraph{notable(report->recommendation)});
  }
  return section;
}

}  // namespace commbench::report_sections
