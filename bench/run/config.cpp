#include "bench/run/config.hpp"

namespace commbench {

std::string timing_mode_name(TimingMode mode) {
  return mode == TimingMode::per_iteration ? "per-iteration" : "back-to-back";
}

bool is_sweep_command(const Config& config) { return !config.collectives.empty(); }

namespace {

// The sizes and iterations of a point-to-point measurement (fabric).
nlohmann::json measurement_json(const Config& config) {
  return {{"min_bytes", config.min_bytes},
          {"max_bytes", config.max_bytes},
          {"step_factor", config.step_factor},
          {"iterations", config.iterations.value_or(0)},
          {"warmup_iterations", config.warmup_iterations}};
}

nlohmann::json pipeline_json(const Config& config) {
  const PipelineSettings& pipeline = config.pipeline;
  return {{"backend", config.backend},
          {"device", config.device},
          {"stages", pipeline.stages},
          {"microbatches", pipeline.microbatches},
          {"activation_bytes", pipeline.activation_bytes},
          {"forward_s", pipeline.forward_s},
          {"backward_s", pipeline.backward_s},
          {"schedule", pipeline.schedule},
          {"chunks", pipeline.chunks},
          {"placement", pipeline.placement},
          {"sweep", pipeline.sweep},
          {"sweep_low", pipeline.sweep_low},
          {"sweep_high", pipeline.sweep_high},
          {"fabric", config.model.fabric},
          {"iterations", config.iterations.value_or(0)},
          {"warmup_iterations", config.warmup_iterations}};
}

template <typename Value>
nlohmann::json optional_value(const std::optional<Value>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json scaling_json(const Config& config) {
  const ScalingSettings& scaling = config.scaling;
  nlohmann::json json{{"workload", scaling.workload},
                      {"global_batch", optional_value(scaling.global_batch)},
                      {"per_gpu_batch", optional_value(scaling.per_gpu_batch)},
                      {"strategy", optional_value(scaling.strategy)},
                      {"bucket_bytes", optional_value(scaling.bucket_bytes)},
                      {"first_bucket_bytes", scaling.first_bucket_bytes},
                      {"gradient_dtype", scaling.gradient_dtype
                                             ? nlohmann::json(std::string(dtype_name(*scaling.gradient_dtype)))
                                             : nlohmann::json(nullptr)},
                      {"overlap_fraction", optional_value(scaling.overlap_fraction)},
                      {"tensor_parallel", optional_value(scaling.tensor_parallel)},
                      {"pipeline_parallel", optional_value(scaling.pipeline_parallel)},
                      {"min_gpus", scaling.min_gpus},
                      {"max_gpus", scaling.max_gpus},
                      {"marginal_threshold", scaling.marginal_threshold},
                      {"price_per_gpu_hour", optional_value(scaling.price_per_gpu_hour)},
                      {"algorithm", scaling.algorithm},
                      {"fabric", config.model.fabric}};
  if (config.command == kPlanCommand) {
    json["compare_fabric"] = scaling.compare_fabric;
  } else {
    json["one_per_host"] = scaling.one_per_host;
    json["backend"] = config.backend;
    json["device"] = config.device;
    json["iterations"] = config.iterations.value_or(0);
    json["warmup_iterations"] = config.warmup_iterations;
  }
  return json;
}

nlohmann::json tool_config_json(const Config& config) {
  nlohmann::json json{{"command", config.command}, {"report_path", config.report_path}, {"timeout_s", config.timeout_s}};
  if (config.command == kLinkcheckCommand) {
    json["bandwidth_bytes"] = config.linkcheck.bandwidth_bytes;
    json["latency_bytes"] = config.linkcheck.latency_bytes;
    json["outlier_fraction"] = config.linkcheck.outlier_fraction;
    json["latency_factor"] = config.linkcheck.latency_factor;
    json["intra_host"] = config.linkcheck.intra_host;
    json["iterations"] = config.iterations.value_or(0);
    json["warmup_iterations"] = config.warmup_iterations;
  } else if (config.command == kFabricCommand) {
    json["preset"] = config.fabric.preset;
    json["fabric_file"] = config.fabric.file;
    json["nodes"] = config.fabric.nodes;
    json["measurement"] = measurement_json(config);
  } else if (config.command == kPipelineCommand) {
    json["pipeline"] = pipeline_json(config);
  } else if (config.command == kFitCommand) {
    json["input"] = config.fit.input;
    json["bootstrap_resamples"] = config.fit.bootstrap_resamples;
    json["seed"] = config.fit.seed;
  } else if (config.command == kPredictCommand) {
    const PredictSettings& predict = config.predict;
    json["collective"] = predict.collective;
    json["fabric"] = config.model.fabric;
    json["nodes"] = optional_value(predict.nodes);
    json["gpus_per_node"] = optional_value(predict.gpus_per_node);
    json["algorithm"] = predict.algorithm;
    json["protocol"] = predict.protocol;
    json["min_bytes"] = config.min_bytes;
    json["max_bytes"] = config.max_bytes;
    json["step_factor"] = config.step_factor;
    json["step_bytes"] = config.step_bytes;
  } else if (config.command == kScalingCommand || config.command == kPlanCommand) {
    json["scaling"] = scaling_json(config);
  } else if (config.command == kReportCommand || config.command == kCompareCommand || config.command == kGateCommand) {
    const ReportReadingSettings& reading = config.reading;
    json["inputs"] = reading.inputs;
    json["output"] = reading.output;
    json["format"] = reading.format;
    json["spec"] = reading.spec;
    json["junit"] = reading.junit;
    json["threshold"] = reading.threshold;
    json["min_bytes"] = reading.min_bytes;
    json["latency_threshold"] =
        reading.latency_threshold ? nlohmann::json(*reading.latency_threshold) : nlohmann::json(nullptr);
  } else if (config.command == kGradsyncCommand) {
    const GradsyncSettings& gradsync = config.gradsync;
    json["backend"] = config.backend;
    json["device"] = config.device;
    json["workload"] = gradsync.workload;
    json["strategy"] = gradsync.strategy ? nlohmann::json(*gradsync.strategy) : nlohmann::json(nullptr);
    json["bucket_bytes"] = gradsync.bucket_bytes;
    json["first_bucket_bytes"] = gradsync.first_bucket_bytes;
    json["gradient_dtype"] =
        gradsync.gradient_dtype ? nlohmann::json(std::string(dtype_name(*gradsync.gradient_dtype))) : nlohmann::json(nullptr);
    json["forward_s"] = gradsync.forward_s ? nlohmann::json(*gradsync.forward_s) : nlohmann::json(nullptr);
    json["backward_s"] = gradsync.backward_s ? nlohmann::json(*gradsync.backward_s) : nlohmann::json(nullptr);
    json["overlap"] = gradsync.overlap;
    json["sweep"] = gradsync.sweep;
    json["fabric"] = config.model.fabric;
    json["iterations"] = config.iterations.value_or(0);
    json["warmup_iterations"] = config.warmup_iterations;
  }
  return json;
}

}  // namespace

nlohmann::json config_to_json(const Config& config) {
  if (!is_sweep_command(config)) return tool_config_json(config);
  nlohmann::json collectives = nlohmann::json::array();
  for (const CollectiveSpec* spec : config.collectives) collectives.push_back(std::string(spec->name()));
  nlohmann::json dtypes = nlohmann::json::array();
  for (Dtype dtype : config.dtypes) dtypes.push_back(std::string(dtype_name(dtype)));
  nlohmann::json ops = nlohmann::json::array();
  for (ReduceOp op : config.ops) ops.push_back(std::string(reduce_op_name(op)));
  nlohmann::json placements = nlohmann::json::array();
  if (config.out_of_place) placements.push_back("out-of-place");
  if (config.in_place) placements.push_back("in-place");
  return {
      {"command", config.command},
      {"collectives", collectives},
      {"backend", config.backend},
      {"device", config.device},
      {"cuda_graph", config.cuda_graph},
      {"nccl_register", config.nccl_register},
      {"min_bytes", config.min_bytes},
      {"max_bytes", config.max_bytes},
      {"step_factor", config.step_factor},
      {"step_bytes", config.step_bytes},
      {"iterations", config.iterations ? nlohmann::json(*config.iterations) : nlohmann::json("auto")},
      {"warmup_iterations", config.warmup_iterations},
      {"check_iterations", config.check_iterations},
      {"dtypes", dtypes},
      {"ops", ops},
      {"roots", config.roots},
      {"algorithms", config.algorithms},
      {"fabric", config.model.fabric},
      {"shortfall_fraction", config.model.shortfall_fraction},
      {"placements", placements},
      {"timing", timing_mode_name(config.timing)},
      {"auto_budget_s", config.auto_budget_s},
      {"auto_precision", config.auto_precision},
      {"avg_min_bytes", config.avg_min_bytes},
      {"report_path", config.report_path},
      {"timeout_s", config.timeout_s},
      // Recorded so that a report from a fault-injection test cannot pass for a real failure.
      {"inject_corruption_rank", config.inject_corruption_rank},
      {"inject_stall", config.inject_stall ? nlohmann::json{{"rank", config.inject_stall->rank},
                                                            {"case_number", config.inject_stall->case_number}}
                                           : nlohmann::json(nullptr)},
  };
}

}  // namespace commbench
