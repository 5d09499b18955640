#include "topology/workload/workload_json.hpp"

#include <limits>
#include <vector>

#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/json_field_reader.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/workload/workload_plan.hpp"

namespace commbench {
namespace {

using nlohmann::json;

const std::string kAcceptedWorkload =
    "a commbench workload description, docs/WORKLOADS.md, format_version " + std::to_string(kWorkloadFormatVersion);
const std::string kAcceptedCount = "a whole number from 1 to 18446744073709551615";
const std::string kAcceptedDegree = "a whole number from 1 to " + std::to_string(std::numeric_limits<int>::max());
const std::string kAcceptedCompute =
    "an object with either seconds_per_sample, or peak_flops and mfu (and optionally flops_per_token), and "
    "optionally source";
const std::string kAcceptedLayer = "an object {\"name\": \"...\", \"parameters\": N}";
const std::string kAcceptedLayers = "an array of at least one layer, in forward order, each " + kAcceptedLayer;

const std::vector<std::string> kTopFields = {"kind",          "format_version",    "name",
                                             "description",   "source",            "parameters",
                                             "layers_count",  "layers",            "gradient_dtype",
                                             "tokens_per_sample", "batch",         "scaling",
                                             "compute",       "backward_fraction", "strategy",
                                             "bucket_bytes",  "overlap_fraction",  "tensor_parallel",
                                             "pipeline_parallel"};
const std::vector<std::string> kComputeFields = {"seconds_per_sample", "flops_per_token", "peak_flops", "mfu",
                                                 "source"};
const std::vector<std::string> kLayerFields = {"name", "parameters"};

// The fields of the object at path, or null where the reader reads no object: the lists read()
// refuses unknown fields with, so that the parse refuses an unknown key at the key.
const std::vector<std::string>* workload_fields_at(const JsonPath& path) {
  static const std::vector<std::string> compute = {"compute"}, layer = {"layers", "*"};  // built once: a key each
  if (path.tokens().empty()) return &kTopFields;
  if (path.is(layer)) return &kLayerFields;
  if (path.is(compute)) return &kComputeFields;
  return nullptr;
}

// Reads one document; every failure names the file and the field's JSON path, what was found
// and what is accepted, on one line.
class WorkloadReader final : public JsonFieldReader<WorkloadError> {
 public:
  explicit WorkloadReader(std::string name) : JsonFieldReader(std::move(name), kAcceptedWorkload) {}

  // The document, an unknown key refused at the key with the message read() would give.
  json parse_refusing_unknown_keys(const std::string& text) const {
    return parse(text, workload_fields_at, [this](const std::string& whole, const UnknownKey&) {
      (void)peek_header(whole, "workload", kWorkloadFormatVersion, kWorkloadFormatVersion);
    });
  }

  Workload read(const json& document) const {
    if (!document.is_object()) fail("", "is " + json_type_text(document), "an object: " + kAcceptedWorkload);
    expect_format_header(document, "workload", kWorkloadFormatVersion);
    refuse_unknown_fields(document, "", kTopFields);

    Workload workload;
    workload.name = non_empty_string(required(document, "", "name", "a non-empty string"), "/name");
    if (const auto found = document.find("description"); found != document.end()) {
      workload.description = string_field(*found, "/description", "a string");
    }
    if (const auto found = document.find("source"); found != document.end()) {
      workload.source = string_field(*found, "/source", "a string");
    }
    read_parameters_and_layers(document, workload);
    if (const auto found = document.find("gradient_dtype"); found != document.end()) {
      workload.gradient_dtype = gradient_dtype(*found);
    }
    if (const auto found = document.find("tokens_per_sample"); found != document.end()) {
      workload.tokens_per_sample = count(*found, "/tokens_per_sample", kAcceptedCount);
    }
    workload.batch = count(required(document, "", "batch", kAcceptedCount), "/batch", kAcceptedCount);
    if (const auto found = document.find("scaling"); found != document.end()) {
      const std::string accepted = "strong or weak";
      const std::string text = string_field(*found, "/scaling", accepted);
      const auto scaling = parse_batch_scaling(text);
      if (!scaling) fail("/scaling", json_value_text(*found) + " is not a batch scaling", accepted);
      workload.scaling = *scaling;
    }
    workload.compute = read_compute(required(document, "", "compute", kAcceptedCompute));
    if (const auto found = document.find("backward_fraction"); found != document.end()) {
      const std::string accepted = "a number greater than 0 and less than 1";
      const double value = number(*found, "/backward_fraction", accepted);
      if (!(value > 0)) fail("/backward_fraction", json_value_text(*found) + " is not greater than 0", accepted);
      if (!(value < 1)) fail("/backward_fraction", json_value_text(*found) + " is not less than 1", accepted);
      workload.backward_fraction = value;
    }
    if (const auto found = document.find("strategy"); found != document.end()) {
      const std::string accepted = sync_strategy_names_text();
      workload.strategy = string_field(*found, "/strategy", accepted);
      if (!parse_sync_strategy(workload.strategy)) fail("/strategy", json_value_text(*found) + " is not a strategy", accepted);
    }
    if (const auto found = document.find("bucket_bytes"); found != document.end()) {
      workload.bucket_bytes = count(*found, "/bucket_bytes", kAcceptedCount + " (bytes)");
    }
    if (const auto found = document.find("overlap_fraction"); found != document.end()) {
      const std::string accepted = "a number from 0 to 1";
      const double value = number(*found, "/overlap_fraction", accepted);
      if (!(value >= 0)) fail("/overlap_fraction", json_value_text(*found) + " is negative", accepted);
      if (!(value <= 1)) fail("/overlap_fraction", json_value_text(*found) + " is greater than 1", accepted);
      workload.overlap_fraction = value;
    }
    if (const auto found = document.find("tensor_parallel"); found != document.end()) {
      workload.tensor_parallel = degree(*found, "/tensor_parallel");
    }
    if (const auto found = document.find("pipeline_parallel"); found != document.end()) {
      workload.pipeline_parallel = degree(*found, "/pipeline_parallel");
    }
    // Each figure is in range; their product may still not be (4096 tokens of 1e18 FLOPs).
    if (const std::string problem = compute_range_problem(workload); !problem.empty()) fail_with("/compute", problem);
    if (const std::string problem = bucket_size_problem(workload.bucket_bytes, workload, workload.gradient_dtype);
        !problem.empty()) {
      fail_with("/bucket_bytes", problem);
    }
    return workload;
  }

 private:
  int degree(const json& node, const std::string& path) const {
    const std::uint64_t value = count(node, path, kAcceptedDegree);
    if (value > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      fail(path, std::to_string(value) + " is too large", kAcceptedDegree);
    }
    return static_cast<int>(value);
  }

  Dtype gradient_dtype(const json& node) const {
    const std::string accepted = gradient_dtype_names_text();
    const std::string text = string_field(node, "/gradient_dtype", accepted);
    const auto dtype = parse_dtype(text);
    if (!dtype) fail("/gradient_dtype", json_value_text(node) + " is not a dtype", accepted);
    if (!is_gradient_dtype(*dtype)) fail("/gradient_dtype", json_value_text(node) + " is not a floating-point dtype", accepted);
    return *dtype;
  }

  // parameters, layers and layers_count: the layers are the truth and parameters their sum;
  // a file gives the layers, the total (one layer, or layers_count equal layers), or both.
  void read_parameters_and_layers(const json& document, Workload& workload) const {
    const auto parameters = document.find("parameters");
    const auto layers = document.find("layers");
    const auto layers_count = document.find("layers_count");
    const std::string count_accepted = "a whole number from 1 to the smaller of parameters and " +
                                       std::to_string(kMaxWorkloadLayersCount) +
                                       ", with parameters and without layers";
    if (layers_count != document.end()) {
      if (layers != document.end()) fail("/layers_count", "is given with layers", count_accepted);
      if (parameters == document.end()) fail("/layers_count", "is given without parameters", count_accepted);
    }
    if (parameters == document.end() && layers == document.end()) {
      fail("/parameters", "is missing, and so is layers", "parameters, layers, or both (docs/WORKLOADS.md)");
    }
    if (parameters != document.end()) workload.parameters = count(*parameters, "/parameters", kAcceptedCount);

    if (layers != document.end()) {
      if (!layers->is_array()) fail("/layers", "is " + json_type_text(*layers), kAcceptedLayers);
      if (layers->empty()) fail("/layers", "is empty", kAcceptedLayers);
      if (layers->size() > kMaxWorkloadLayersCount) {
        fail("/layers", "has " + std::to_string(layers->size()) + " layers, more than the limit of " +
                            std::to_string(kMaxWorkloadLayersCount),
             "at most " + std::to_string(kMaxWorkloadLayersCount) + " layers");
      }
      std::uint64_t sum = 0;
      for (std::size_t i = 0; i < layers->size(); ++i) {
        const std::string path = "/layers/" + std::to_string(i);
        const json& entry = (*layers)[i];
        if (!entry.is_object()) fail(path, "is " + json_type_text(entry), kAcceptedLayer);
        refuse_unknown_fields(entry, path, kLayerFields);
        WorkloadLayer layer;
        layer.name = non_empty_string(required(entry, path, "name", "a non-empty string"), path + "/name");
        layer.parameters =
            count(required(entry, path, "parameters", kAcceptedCount), path + "/parameters", kAcceptedCount);
        if (layer.parameters > std::numeric_limits<std::uint64_t>::max() - sum) {
          fail("/layers", "the layers' parameters add up to more than 18446744073709551615",
               "layers whose parameters add up to at most 18446744073709551615");
        }
        sum += layer.parameters;
        workload.layers.push_back(std::move(layer));
      }
      if (parameters == document.end()) {
        workload.parameters = sum;
      } else if (workload.parameters != sum) {
        fail("/parameters", std::to_string(workload.parameters) + " is not the sum of the layers' parameters, " +
                                std::to_string(sum),
             "the sum of /layers/*/parameters, or no parameters field");
      }
      return;
    }

    std::uint64_t n = 1;
    if (layers_count != document.end()) {
      n = count(*layers_count, "/layers_count", count_accepted);
      if (n > kMaxWorkloadLayersCount) fail("/layers_count", std::to_string(n) + " is too large", count_accepted);
      if (n > workload.parameters) {
        fail("/layers_count", std::to_string(n) + " is more than parameters, " + std::to_string(workload.parameters),
             count_accepted);
      }
    }
    // Equal layers; the first (parameters mod n) take one more, so that the sum is exact.
    const std::uint64_t each = workload.parameters / n;
    const std::uint64_t remainder = workload.parameters % n;
    for (std::uint64_t i = 0; i < n; ++i) {
      workload.layers.push_back(WorkloadLayer{"layer " + std::to_string(i), each + (i < remainder ? 1 : 0)});
    }
  }

  WorkloadCompute read_compute(const json& node) const {
    if (!node.is_object()) fail("/compute", "is " + json_type_text(node), kAcceptedCompute);
    refuse_unknown_fields(node, "/compute", kComputeFields);
    WorkloadCompute compute;
    const auto seconds = node.find("seconds_per_sample");
    if (seconds != node.end()) {
      for (const char* key : {"peak_flops", "mfu", "flops_per_token"}) {
        if (node.contains(key)) {
          fail("/compute", std::string("gives both seconds_per_sample and ") + key, kAcceptedCompute);
        }
      }
      compute.seconds_per_sample = number_within(*seconds, "/compute/seconds_per_sample", kMinSecondsPerSample,
                                                 kMaxSecondsPerSample, "a number of seconds from 1e-09 to 86400");
    } else {
      if (!node.contains("peak_flops") && !node.contains("mfu")) {
        fail("/compute", "gives neither seconds_per_sample nor peak_flops and mfu", kAcceptedCompute);
      }
      const std::string peak_accepted = "a number of FLOP/s from 1e+09 to 1e+18, with mfu";
      compute.peak_flops = number_within(required(node, "/compute", "peak_flops", peak_accepted),
                                         "/compute/peak_flops", kMinPeakFlops, kMaxPeakFlops, peak_accepted);
      const std::string mfu_accepted = "a number greater than 0 and at most 1, with peak_flops";
      const json& mfu = required(node, "/compute", "mfu", mfu_accepted);
      compute.mfu = positive(mfu, "/compute/mfu", mfu_accepted);
      if (!(compute.mfu <= 1)) fail("/compute/mfu", json_value_text(mfu) + " is greater than 1", mfu_accepted);
      if (const auto flops = node.find("flops_per_token"); flops != node.end()) {
        compute.flops_per_token =
            number_within(*flops, "/compute/flops_per_token", kMinFlopsPerToken, kMaxFlopsPerToken,
                          "a number of FLOPs from 1 to 1e+18 (leave it out for 6 x parameters)");
      }
    }
    if (const auto source = node.find("source"); source != node.end()) {
      compute.source = string_field(*source, "/compute/source", "a string");
    }
    return compute;
  }
};

}  // namespace

Workload parse_workload(const std::string& text, const std::string& name) {
  const WorkloadReader reader(name);
  return reader.read(reader.parse_refusing_unknown_keys(text));
}

Workload load_workload_file(const std::string& path) {
  const std::string accepted = "a readable workload file, docs/WORKLOADS.md";
  return parse_workload(WorkloadReader(path).read_file(path, accepted), path);
}

nlohmann::json workload_json(const Workload& workload) {
  json document = json::object();
  document["kind"] = "workload";
  document["format_version"] = kWorkloadFormatVersion;
  document["name"] = workload.name;
  document["description"] = workload.description;
  document["source"] = workload.source;
  document["parameters"] = workload.parameters;
  json layers = json::array();
  for (const WorkloadLayer& layer : workload.layers) {
    layers.push_back(json{{"name", layer.name}, {"parameters", layer.parameters}});
  }
  document["layers"] = std::move(layers);
  document["gradient_dtype"] = std::string(dtype_name(workload.gradient_dtype));
  document["tokens_per_sample"] = workload.tokens_per_sample;
  document["batch"] = workload.batch;
  document["scaling"] = std::string(batch_scaling_name(workload.scaling));
  json compute = json::object();
  const WorkloadCompute& c = workload.compute;
  if (c.seconds_per_sample) compute["seconds_per_sample"] = *c.seconds_per_sample;
  if (c.flops_per_token) compute["flops_per_token"] = *c.flops_per_token;
  // With seconds_per_sample the FLOP figures are unused (0); written only when set, so that
  // a workload giving both forms is refused when read back rather than quietly changed.
  if (!c.seconds_per_sample || c.peak_flops != 0) compute["peak_flops"] = c.peak_flops;
  if (!c.seconds_per_sample || c.mfu != 0) compute["mfu"] = c.mfu;
  compute["source"] = c.source;
  document["compute"] = std::move(compute);
  document["backward_fraction"] = workload.backward_fraction;
  document["strategy"] = workload.strategy;
  document["bucket_bytes"] = workload.bucket_bytes;
  document["overlap_fraction"] = workload.overlap_fraction;
  document["tensor_parallel"] = workload.tensor_parallel;
  document["pipeline_parallel"] = workload.pipeline_parallel;
  return document;
}

}  // namespace commbench
