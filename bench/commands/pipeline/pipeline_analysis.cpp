#include "bench/commands/pipeline/pipeline_analysis.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "bench/measure/statistics.hpp"

namespace commbench {
namespace {

// Where each message is sent and received: (stage, step index in its plan).
struct MessageEnds {
  int sender_stage = -1;
  std::size_t sender_step = 0;
  int receiver_stage = -1;
  std::size_t receiver_step = 0;
};

using MessageKey = std::tuple<int, int, int, int>;

MessageKey key_of(const PipelineMessage& message) {
  return {static_cast<int>(message.payload), message.microbatch, message.from_virtual_stage, message.to_virtual_stage};
}

std::map<MessageKey, MessageEnds> message_ends(const std::vector<std::vector<PipelineStep>>& plans) {
  std::map<MessageKey, MessageEnds> ends;
  for (int stage = 0; stage < static_cast<int>(plans.size()); ++stage) {
    for (std::size_t index = 0; index < plans[stage].size(); ++index) {
      const PipelineStep& step = plans[stage][index];
      if (step.send) {
        ends[key_of(*step.send)].sender_stage = stage;
        ends[key_of(*step.send)].sender_step = index;
      }
      if (step.receive) {
        ends[key_of(*step.receive)].receiver_stage = stage;
        ends[key_of(*step.receive)].receiver_step = index;
      }
    }
  }
  return ends;
}


const char* pass_name(Pass pass) { return pass == Pass::forward ? "forward" : "backward"; }
const char* payload_name(Payload payload) { return payload == Payload::activation ? "activation" : "gradient"; }

std::vector<PipelineTimelineEntry> timeline_of(const PipelineMeasurements& measured, std::size_t step) {
  std::vector<PipelineTimelineEntry> entries;
  const PipelineShape& shape = measured.shape;
  for (int pipeline = 0; pipeline < static_cast<int>(measured.ranks.size()); ++pipeline) {
    for (int stage = 0; stage < shape.stages; ++stage) {
      const int rank = measured.ranks[pipeline][stage];
      const PlanTimes& times = measured.times[rank][step];
      const std::vector<PipelineStep>& plan = measured.plans[stage];
      for (std::size_t index = 0; index < plan.size(); ++index) {
        const PipelineStep& item = plan[index];
        PipelineTimelineEntry entry;
        entry.pipeline = pipeline;
        entry.stage = stage;
        entry.rank = rank;
        entry.start_s = times.start_s[index];
        entry.end_s = times.end_s[index];
        if (item.compute) {
          entry.operation = pass_name(item.compute->pass);
          entry.microbatch = item.compute->microbatch;
          entry.chunk = item.compute->chunk;
          entry.virtual_stage = virtual_stage_of(shape, stage, item.compute->chunk);
          entries.push_back(entry);
          continue;
        }
        entry.bytes = measured.bytes;
        for (const auto& [operation, message] : {std::make_pair("send", item.send), std::make_pair("recv", item.receive)}) {
          if (!message) continue;
          PipelineTimelineEntry side = entry;
          side.operation = operation;
          side.microbatch = message->microbatch;
          side.payload = payload_name(message->payload);
          const bool sending = side.operation == std::string("send");
          side.virtual_stage = sending ? message->from_virtual_stage : message->to_virtual_stage;
          side.chunk = side.virtual_stage / shape.stages;
          side.peer_stage = stage_of_virtual(shape, sending ? message->to_virtual_stage : message->from_virtual_stage);
          entries.push_back(side);
        }
      }
    }
  }
  return entries;
}

}  // namespace

PipelineRun analyse_pipeline(const PipelineMeasurements& measured) {
  const PipelineShape& shape = measured.shape;
  const std::map<MessageKey, MessageEnds> ends = message_ends(measured.plans);
  const std::size_t steps = measured.times.front().size();
  PipelineRun run;
  run.microbatches = shape.microbatches;
  run.activation_bytes = measured.bytes;

  std::vector<double> step_times(steps, 0);
  for (std::size_t step = 0; step < steps; ++step) {
    for (const std::vector<PlanTimes>& rank_times : measured.times) {
      if (!rank_times[step].end_s.empty()) step_times[step] = std::max(step_times[step], rank_times[step].end_s.back());
    }
  }
  run.step = summarize_samples(step_times);

  std::vector<double> transfer_times, bandwidths;
  double bubble_sum = 0, busy_sum = 0, transfer_sum = 0;
  std::size_t samples = 0;
  for (int pipeline = 0; pipeline < static_cast<int>(measured.ranks.size()); ++pipeline) {
    for (int stage = 0; stage < shape.stages; ++stage) {
      const int rank = measured.ranks[pipeline][stage];
      const std::vector<PipelineStep>& plan = measured.plans[stage];
      PipelineStageTimes totals{pipeline, stage, rank, 0, 0, 0, 0};
      for (std::size_t step = 0; step < steps; ++step) {
        const PlanTimes& times = measured.times[rank][step];
        double busy = 0, transfer = 0;
        for (std::size_t index = 0; index < plan.size(); ++index) {
          const double start = times.start_s[index];
          const double end = times.end_s[index];
          if (plan[index].compute) {
            busy += end - start;
            continue;
          }
          // The data moves once every peer of the call has posted its side.
          double ready = start;
          if (plan[index].send) {
            const MessageEnds& where = ends.at(key_of(*plan[index].send));
            const int peer = measured.ranks[pipeline][where.receiver_stage];
            ready = std::max(ready, measured.times[peer][step].start_s[where.receiver_step]);
          }
          if (plan[index].receive) {
            const MessageEnds& where = ends.at(key_of(*plan[index].receive));
            const int peer = measured.ranks[pipeline][where.sender_stage];
            const double sender_start = measured.times[peer][step].start_s[where.sender_step];
            ready = std::max(ready, sender_start);
            const double one = end - std::max(start, sender_start);
            if (one > 0) {
              transfer_times.push_back(one);
              bandwidths.push_back(static_cast<double>(measured.bytes) / one);
            }
          }
          transfer += std::max(0.0, end - ready);
        }
        const double idle = std::max(0.0, step_times[step] - busy - transfer);
        totals.busy_s += busy / steps;
        totals.transfer_s += transfer / steps;
        totals.idle_s += idle / steps;
        if (step_times[step] > 0) {
          totals.bubble_fraction += idle / step_times[step] / steps;
          bubble_sum += idle / step_times[step];
          busy_sum += busy / step_times[step];
          transfer_sum += transfer / step_times[step];
        }
        ++samples;
      }
      run.stages.push_back(totals);
    }
  }
  if (samples > 0) {
    run.bubble_fraction = bubble_sum / samples;
    run.busy_fraction = busy_sum / samples;
    run.transfer_fraction = transfer_sum / samples;
  }
  run.transfers = transfer_times.size();
  run.transfer_time_median_s = median_of(transfer_times);
  run.transfer_bandwidth_median = median_of(bandwidths);
  run.transfer_bandwidth_min = bandwidths.empty() ? 0 : *std::min_element(bandwidths.begin(), bandwidths.end());

  // The step whose time is the (lower) median.
  std::vector<std::size_t> order(steps);
  for (std::size_t i = 0; i < steps; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return step_times[a] < step_times[b]; });
  const std::size_t median_step = order[(steps - 1) / 2];
  run.timeline_step = static_cast<int>(median_step);
  run.timeline = timeline_of(measured, median_step);
  return run;
}

}  // namespace commbench
