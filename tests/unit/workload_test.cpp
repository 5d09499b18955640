// topology/workload*: the presets' parameter counts against their published figures, the
// builders' layers against counts worked by hand, compute per step worked by hand, the strict
// loader (every refusal one line naming the file, the field and what is accepted) and the
// writer's exact round trip.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "json_edits.hpp"
#include "temporary_directory.hpp"
#include "topology/workload/workload.hpp"
#include "topology/workload/workload_json.hpp"
#include "topology/workload/workload_plan.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {

// Readable failures: gtest finds these by argument-dependent lookup.
void PrintTo(const WorkloadLayer& layer, std::ostream* out) { *out << "{\"" << layer.name << "\", " << layer.parameters << "}"; }
void PrintTo(const Workload& workload, std::ostream* out) { *out << workload_json(workload).dump(); }

namespace {

using nlohmann::json;

const std::string kPresetList = "resnet50, bert-large, gpt3-1.3b, llama2-7b, llama2-70b";
const std::string kAcceptedWorkload = "a commbench workload description, docs/WORKLOADS.md, format_version 1";
const std::string kAcceptedCount = "a whole number from 1 to 18446744073709551615";
const std::string kAcceptedCompute =
    "an object with either seconds_per_sample, or peak_flops and mfu (and optionally flops_per_token), and "
    "optionally source";
const std::string kTopFieldList =
    "kind, format_version, name, description, source, parameters, layers_count, layers, gradient_dtype, "
    "tokens_per_sample, batch, scaling, compute, backward_fraction, strategy, bucket_bytes, overlap_fraction, "
    "tensor_parallel, pipeline_parallel";
const std::string kFloatDtypes = "float16, bfloat16, float8_e4m3, float8_e5m2, float32, float64";

// ---- presets ----------------------------------------------------------------------------------

TEST(WorkloadPresets, NamesInTheDocumentedOrder) {
  EXPECT_EQ(workload_preset_names(),
            (std::vector<std::string>{"resnet50", "bert-large", "gpt3-1.3b", "llama2-7b", "llama2-70b"}));
  EXPECT_EQ(workload_preset_names_text(), kPresetList);
}

struct PublishedCount {
  std::string preset;
  double published;          // the figure the source states
  std::uint64_t exact;       // the exact count where a source gives one (model card / config), else 0
  std::size_t layers;        // embedding or conv1, the blocks, the output layers
  std::string first_layer;
  std::string last_layer;
};

// torchvision resnet50: 25,557,032; BERT paper "340M", Hugging Face bert-large-uncased
// BertModel 335,141,888; GPT-3 paper "1.3B"; Llama 2: "6.74B" (Hugging Face model page for
// the 7B, whose name rounds up) and "70B", exactly 6,738,415,616 and 68,976,648,192 from the
// Hugging Face configs.
const std::vector<PublishedCount> kPublished = {
    {"resnet50", 25.56e6, 25557032, 18, "conv1", "fc"},
    {"bert-large", 340e6, 335141888, 26, "embedding", "pooler"},
    {"gpt3-1.3b", 1.3e9, 0, 26, "embedding", "final_norm"},
    {"llama2-7b", 6.74e9, 6738415616ull, 35, "embedding", "lm_head"},
    {"llama2-70b", 70e9, 68976648192ull, 83, "embedding", "lm_head"},
};

TEST(WorkloadPresets, ParametersWithinTwoPercentOfThePublishedFigures) {
  for (const PublishedCount& expected : kPublished) {
    const Workload w = load_workload_preset(expected.preset);
    const double relative = std::fabs(static_cast<double>(w.parameters) - expected.published) / expected.published;
    EXPECT_LT(relative, 0.02) << expected.preset << ": " << w.parameters;
    if (expected.exact != 0) {
      EXPECT_EQ(w.parameters, expected.exact) << expected.preset;
    }
  }
  EXPECT_EQ(load_workload_preset("gpt3-1.3b").parameters, 1315723264u);  // worked by hand in docs/WORKLOADS.md
}

TEST(WorkloadPresets, ParametersAreTheSumOfLayersInForwardOrder) {
  for (const PublishedCount& expected : kPublished) {
    const Workload w = load_workload_preset(expected.preset);
    ASSERT_EQ(w.layers.size(), expected.layers) << expected.preset;
    std::uint64_t sum = 0;
    for (const WorkloadLayer& layer : w.layers) {
      EXPECT_FALSE(layer.name.empty()) << expected.preset;
      EXPECT_GE(layer.parameters, 1u) << expected.preset << " " << layer.name;
      sum += layer.parameters;
    }
    EXPECT_EQ(sum, w.parameters) << expected.preset;
    EXPECT_EQ(w.layers.front().name, expected.first_layer) << expected.preset;
    EXPECT_EQ(w.layers.back().name, expected.last_layer) << expected.preset;
  }
  const Workload resnet = load_workload_preset("resnet50");
  EXPECT_EQ(resnet.layers[1].name, "layer1.0");
  EXPECT_EQ(resnet.layers[16].name, "layer4.2");
  const Workload llama = load_workload_preset("llama2-7b");
  EXPECT_EQ(llama.layers[1].name, "block 0");
  EXPECT_EQ(llama.layers[32].name, "block 31");
  EXPECT_EQ(llama.layers[33].name, "final_norm");
}

TEST(WorkloadPresets, SettingsAsDocumented) {
  struct Expected {
    std::string preset;
    Dtype dtype;
    std::uint64_t tokens;
    std::uint64_t batch;
    std::string strategy;
  };
  const std::vector<Expected> table = {
      {"resnet50", Dtype::float32, 1, 256, "ddp"},
      {"bert-large", Dtype::bfloat16, 512, 256, "ddp"},
      {"gpt3-1.3b", Dtype::bfloat16, 2048, 512, "ddp"},      // 1M tokens
      {"llama2-7b", Dtype::bfloat16, 4096, 1024, "ddp"},     // 4M tokens
      {"llama2-70b", Dtype::bfloat16, 4096, 1024, "fsdp"},
  };
  for (const Expected& e : table) {
    const Workload w = load_workload_preset(e.preset);
    EXPECT_EQ(w.name, e.preset);
    EXPECT_EQ(w.gradient_dtype, e.dtype) << e.preset;
    EXPECT_EQ(w.tokens_per_sample, e.tokens) << e.preset;
    EXPECT_EQ(w.batch, e.batch) << e.preset;
    EXPECT_EQ(w.strategy, e.strategy) << e.preset;
    EXPECT_EQ(w.scaling, BatchScaling::strong) << e.preset;
    EXPECT_EQ(w.compute.peak_flops, 989e12) << e.preset;
    EXPECT_FALSE(w.compute.seconds_per_sample.has_value()) << e.preset;
    EXPECT_EQ(w.tensor_parallel, 1) << e.preset;
    EXPECT_EQ(w.pipeline_parallel, 1) << e.preset;
    EXPECT_EQ(w.bucket_bytes, 25u << 20) << e.preset;
    EXPECT_EQ(w.overlap_fraction, 1.0) << e.preset;
    // A transformer's FLOPs are 6 x parameters (left empty); ResNet-50 states its own.
    EXPECT_EQ(w.compute.flops_per_token.has_value(), e.preset == "resnet50") << e.preset;
    EXPECT_EQ(w.compute.mfu, e.preset == "resnet50" ? 0.20 : 0.40) << e.preset;
  }
  EXPECT_DOUBLE_EQ(*load_workload_preset("resnet50").compute.flops_per_token, 2.454e10);
}

TEST(WorkloadPresets, EveryPresetCitesItsSources) {
  const std::vector<std::pair<std::string, std::string>> cited = {
      {"resnet50", "He et al. 2016"},
      {"bert-large", "Devlin et al. 2019"},
      {"gpt3-1.3b", "Brown et al. 2020"},
      {"llama2-7b", "Touvron et al. 2023"},
      {"llama2-70b", "Touvron et al. 2023"},
  };
  for (const auto& [preset, citation] : cited) {
    const Workload w = load_workload_preset(preset);
    EXPECT_NE(w.source.find(citation), std::string::npos) << preset << ": " << w.source;
    EXPECT_FALSE(w.description.empty()) << preset;
    EXPECT_NE(w.compute.source.find("H100"), std::string::npos) << preset;
    EXPECT_NE(w.compute.source.find("mfu"), std::string::npos) << preset;
  }
  EXPECT_NE(load_workload_preset("llama2-7b").compute.source.find("Kaplan et al. 2020"), std::string::npos);
}

TEST(WorkloadPresets, RoundTripThroughTheWriterIsExact) {
  for (const std::string& name : workload_preset_names()) {
    const Workload w = load_workload_preset(name);
    const Workload back = parse_workload(workload_json(w).dump(), name + ".json");
    EXPECT_EQ(back, w) << name;
    EXPECT_EQ(back.layers, w.layers) << name;
    EXPECT_EQ(back.compute, w.compute) << name;
    EXPECT_EQ(back.backward_fraction, 2.0 / 3.0) << name;
    // The writer writes every field, defaults included.
    EXPECT_EQ(workload_json(w).size(), 18u) << name;  // every field but layers_count
  }
}

TEST(WorkloadPresets, UnknownNameListsTheNames) {
  try {
    load_workload_preset("gpt4");
    FAIL() << "accepted";
  } catch (const WorkloadError& error) {
    EXPECT_EQ(std::string(error.what()),
              "unknown workload preset 'gpt4' (accepted: " + kPresetList + ", or a workload JSON file)");
  }
}

// ---- builders, against counts worked by hand ---------------------------------------------------

TEST(WorkloadBuilders, Resnet50LayersByHand) {
  const std::vector<WorkloadLayer> layers = resnet50_layers();
  ASSERT_EQ(layers.size(), 18u);
  EXPECT_EQ(layers[0], (WorkloadLayer{"conv1", 7 * 7 * 3 * 64 + 2 * 64}));
  // layer1.0: 1x1 64->64, 3x3 64->64, 1x1 64->256, three batch norms, downsample 1x1 64->256 + bn.
  EXPECT_EQ(layers[1], (WorkloadLayer{"layer1.0", 64 * 64 + 128 + 9 * 64 * 64 + 128 + 64 * 256 + 512 + 64 * 256 + 512}));
  // layer1.1: input 256, no downsample.
  EXPECT_EQ(layers[2], (WorkloadLayer{"layer1.1", 256 * 64 + 128 + 9 * 64 * 64 + 128 + 64 * 256 + 512}));
  // layer4.0: input 1024, width 512, output 2048, downsample 1024->2048.
  EXPECT_EQ(layers[14].name, "layer4.0");
  EXPECT_EQ(layers[14].parameters, 1024u * 512 + 1024 + 9u * 512 * 512 + 1024 + 512u * 2048 + 4096 + 1024u * 2048 + 4096);
  EXPECT_EQ(layers[17], (WorkloadLayer{"fc", 2048 * 1000 + 1000}));
  EXPECT_EQ(layers_parameters(layers), 25557032u);
}

TEST(WorkloadBuilders, TransformerLayersByHand) {
  // GPT-2 style block: 12 d^2 + 13 d (QKV and O with biases, MLP 4d with biases, two LayerNorms).
  TransformerShape gpt;
  gpt.vocab = 100;
  gpt.d_model = 8;
  gpt.layers = 2;
  gpt.ffn = 32;
  gpt.heads = 2;
  gpt.kv_heads = 2;
  gpt.max_positions = 16;
  std::vector<WorkloadLayer> layers = transformer_layers(gpt);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0], (WorkloadLayer{"embedding", 100 * 8 + 16 * 8}));
  EXPECT_EQ(layers[1], (WorkloadLayer{"block 0", 12 * 64 + 13 * 8}));
  EXPECT_EQ(layers[2], (WorkloadLayer{"block 1", 12 * 64 + 13 * 8}));
  EXPECT_EQ(layers[3], (WorkloadLayer{"final_norm", 16}));

  // Llama style: no biases, RMSNorm, SwiGLU, GQA with 2 of 4 heads for K and V, untied output.
  TransformerShape llama;
  llama.vocab = 100;
  llama.d_model = 8;
  llama.layers = 1;
  llama.ffn = 20;
  llama.heads = 4;
  llama.kv_heads = 2;
  llama.gated_mlp = true;
  llama.biases = false;
  llama.rms_norm = true;
  llama.tied_embeddings = false;
  layers = transformer_layers(llama);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0], (WorkloadLayer{"embedding", 800}));
  // Q, O 8x8; K, V 8x4; gate, up 8x20, down 20x8; two norms of 8.
  EXPECT_EQ(layers[1], (WorkloadLayer{"block 0", 64 + 64 + 32 + 32 + 3 * 160 + 16}));
  EXPECT_EQ(layers[2], (WorkloadLayer{"final_norm", 8}));
  EXPECT_EQ(layers[3], (WorkloadLayer{"lm_head", 800}));

  // BERT style: token types and an embedding LayerNorm, post-norm (no final norm), pooler.
  TransformerShape bert = gpt;
  bert.token_types = 2;
  bert.embedding_norm = true;
  bert.final_norm = false;
  bert.pooler = true;
  layers = transformer_layers(bert);
  ASSERT_EQ(layers.size(), 4u);
  EXPECT_EQ(layers[0], (WorkloadLayer{"embedding", 800 + 128 + 16 + 16}));
  EXPECT_EQ(layers[3], (WorkloadLayer{"pooler", 72}));
}

TEST(WorkloadBuilders, PublishedBlocksByHand) {
  const Workload bert = load_workload_preset("bert-large");
  EXPECT_EQ(bert.layers[0].parameters, 30522u * 1024 + 512 * 1024 + 2 * 1024 + 2 * 1024);
  EXPECT_EQ(bert.layers[1].parameters, 12596224u);
  EXPECT_EQ(bert.layers.back().parameters, 1024u * 1024 + 1024);
  EXPECT_EQ(load_workload_preset("gpt3-1.3b").layers[1].parameters, 12u * 2048 * 2048 + 13 * 2048);
  EXPECT_EQ(load_workload_preset("llama2-7b").layers[1].parameters,
            4u * 4096 * 4096 + 3u * 4096 * 11008 + 2 * 4096);
  EXPECT_EQ(load_workload_preset("llama2-70b").layers[1].parameters,
            2ull * 8192 * 8192 + 2ull * 8192 * 1024 + 3ull * 8192 * 28672 + 2 * 8192);
}

TEST(WorkloadBuilders, TransformerRefusesInconsistentHeads) {
  TransformerShape shape;
  shape.vocab = 10;
  shape.d_model = 10;
  shape.layers = 1;
  shape.ffn = 40;
  shape.heads = 3;  // 10 is not a multiple of 3
  shape.kv_heads = 3;
  EXPECT_THROW(transformer_layers(shape), std::invalid_argument);
  shape.heads = 5;
  shape.kv_heads = 2;  // 5 heads cannot share 2 KV heads evenly
  EXPECT_THROW(transformer_layers(shape), std::invalid_argument);
  shape.kv_heads = 0;
  EXPECT_THROW(transformer_layers(shape), std::invalid_argument);
}

// ---- compute per step and gradient bytes -------------------------------------------------------

Workload flops_workload() {
  Workload w;
  w.name = "hand";
  w.parameters = 1000000000;  // 6e9 FLOPs per token
  w.layers = {{"layer 0", w.parameters}};
  w.tokens_per_sample = 1000;
  w.batch = 64;
  w.compute.peak_flops = 1e15;
  w.compute.mfu = 0.5;  // 5e14 FLOP/s
  return w;
}

TEST(WorkloadComputeTime, FromFlopsStrongAndWeak) {
  Workload w = flops_workload();
  // Strong, 4 replicas: 16 samples x 1000 tokens x 6e9 FLOPs / 5e14 FLOP/s.
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 4), 0.192);
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 1), 0.768);
  // 64 / 3 samples, not rounded to 21 or 22.
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 3), 0.256);
  w.scaling = BatchScaling::weak;
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 4), 0.768);
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 1000), 0.768);
}

TEST(WorkloadComputeTime, FlopsPerTokenReplacesSixTimesParameters) {
  Workload w = flops_workload();
  w.compute.flops_per_token = 1e9;
  // 16 samples x 1000 tokens x 1e9 / 5e14.
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 4), 0.032);
}

TEST(WorkloadComputeTime, FromSecondsPerSample) {
  Workload w = flops_workload();
  w.compute = WorkloadCompute{};
  w.compute.seconds_per_sample = 0.01;
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 8), 0.08);  // 8 samples
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 1), 0.64);
  w.scaling = BatchScaling::weak;
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 8), 0.64);
}

TEST(WorkloadComputeTime, TensorAndPipelineParallelDivideTheReplicasWork) {
  Workload w = flops_workload();
  w.tensor_parallel = 2;
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 4), 0.096);
  w.pipeline_parallel = 4;
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 4), 0.024);
  w.compute = WorkloadCompute{};
  w.compute.seconds_per_sample = 0.01;
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 8), 0.01);  // 8 samples x 0.01 s / 8 GPUs per replica
}

TEST(WorkloadComputeTime, PresetsAsDocumented) {
  // 1024 x 4096 tokens x 6 x 6,738,415,616 FLOPs / (989e12 x 0.40) at one replica.
  const Workload llama = load_workload_preset("llama2-7b");
  const double expected = 1024.0 * 4096 * 6 * 6738415616.0 / (989e12 * 0.40);
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(llama, 1), expected);
  EXPECT_NEAR(compute_seconds_per_step(llama, 1), 428.66, 0.01);
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(llama, 64), expected / 64);
  // 256 images x 3 x 2 x 4.09e9 / (989e12 x 0.20).
  EXPECT_NEAR(compute_seconds_per_step(load_workload_preset("resnet50"), 1), 0.03176, 1e-5);
}

TEST(WorkloadComputeTime, RefusesWhatGivesNoTime) {
  Workload w = flops_workload();
  EXPECT_THROW(compute_seconds_per_step(w, 0), std::invalid_argument);
  w.tensor_parallel = 0;
  EXPECT_THROW(compute_seconds_per_step(w, 1), std::invalid_argument);
  w = flops_workload();
  w.compute.mfu = 0;
  EXPECT_THROW(compute_seconds_per_step(w, 1), std::invalid_argument);
}

// One sample's compute on one GPU, the figure whose range the loader holds (1 ns to a day).
TEST(WorkloadComputeTime, PerSampleIsTheStepOfOneSampleOnOneGpu) {
  Workload w = flops_workload();
  w.batch = 1;
  EXPECT_DOUBLE_EQ(compute_seconds_per_sample(w), compute_seconds_per_step(w, 1));
  w.tensor_parallel = 2;
  w.pipeline_parallel = 4;
  EXPECT_DOUBLE_EQ(compute_seconds_per_sample(w), compute_seconds_per_step(w, 1));
  for (const std::string& name : workload_preset_names()) {
    const Workload preset = load_workload_preset(name);
    EXPECT_EQ(compute_range_problem(preset), "") << name;
  }
}

TEST(WorkloadComputeTime, RangeProblemsNameTheFigure) {
  Workload w = flops_workload();
  w.compute = WorkloadCompute{};
  w.compute.seconds_per_sample = 86400;
  EXPECT_EQ(compute_range_problem(w), "");
  w.compute.seconds_per_sample = 86401;
  EXPECT_EQ(compute_range_problem(w),
            "the compute of one sample on one GPU, 86401 s, is more than 86400 s (accepted: from 1e-09 to 86400 s of "
            "compute per sample on one GPU, docs/WORKLOADS.md)");
  // --tp and --pp of `commbench scaling` can share a sample among so many GPUs that it rounds
  // towards 0: refused, not analysed as free compute.
  w.compute.seconds_per_sample = 1e-3;
  w.tensor_parallel = 1 << 20;
  w.pipeline_parallel = 1 << 10;
  EXPECT_NE(compute_range_problem(w).find("is less than 1e-09 s"), std::string::npos);
  w = flops_workload();
  w.compute.peak_flops = 1e-300;
  EXPECT_NE(compute_range_problem(w).find("overflows"), std::string::npos);
}

TEST(WorkloadBuckets, AtMostTheBoundOfBucketsPerStep) {
  Workload w = flops_workload();
  w.parameters = kMaxBucketsPerStep * 1000;  // float32: 4000 B buckets make exactly the bound
  EXPECT_EQ(bucket_size_problem(4000, w, Dtype::float32), "");
  EXPECT_NE(bucket_size_problem(3999, w, Dtype::float32).find("more than 100000 collectives"), std::string::npos);
  // Parameters whose gradients overflow 64 bits are refused, not wrapped into range.
  w.parameters = ~0ULL;
  EXPECT_NE(bucket_size_problem(25ULL << 20, w, Dtype::float64), "");
  for (const std::string& name : workload_preset_names()) {
    const Workload preset = load_workload_preset(name);
    EXPECT_EQ(bucket_size_problem(preset.bucket_bytes, preset, preset.gradient_dtype), "") << name;
  }
}

TEST(WorkloadGradientBytes, ParametersTimesTheDtypeSize) {
  Workload w = flops_workload();
  w.parameters = 1000;
  w.gradient_dtype = Dtype::float32;
  EXPECT_EQ(gradient_bytes(w), 4000u);
  w.gradient_dtype = Dtype::bfloat16;
  EXPECT_EQ(gradient_bytes(w), 2000u);
  w.gradient_dtype = Dtype::float8_e5m2;
  EXPECT_EQ(gradient_bytes(w), 1000u);
  w.gradient_dtype = Dtype::float64;
  EXPECT_EQ(gradient_bytes(w), 8000u);
  EXPECT_EQ(gradient_bytes(load_workload_preset("llama2-70b")), 2u * 68976648192ull);
  EXPECT_EQ(gradient_bytes(load_workload_preset("resnet50")), 4u * 25557032);
}

// ---- the loader --------------------------------------------------------------------------------

json good_document() {
  return json::parse(R"({
    "kind": "workload", "format_version": 1, "name": "test", "description": "two layers", "source": "made up",
    "parameters": 300,
    "layers": [{"name": "embedding", "parameters": 100}, {"name": "block 0", "parameters": 200}],
    "gradient_dtype": "float16", "tokens_per_sample": 128, "batch": 32, "scaling": "weak",
    "compute": {"peak_flops": 1e15, "mfu": 0.5, "flops_per_token": 2e9, "source": "guessed"},
    "backward_fraction": 0.6, "strategy": "zero2", "bucket_bytes": 1048576, "overlap_fraction": 0.5,
    "tensor_parallel": 2, "pipeline_parallel": 3
  })");
}

TEST(WorkloadLoad, ReadsEveryField) {
  const Workload w = parse_workload(good_document().dump(), "w.json");
  EXPECT_EQ(w.name, "test");
  EXPECT_EQ(w.description, "two layers");
  EXPECT_EQ(w.source, "made up");
  EXPECT_EQ(w.parameters, 300u);
  EXPECT_EQ(w.layers, (std::vector<WorkloadLayer>{{"embedding", 100}, {"block 0", 200}}));
  EXPECT_EQ(w.gradient_dtype, Dtype::float16);
  EXPECT_EQ(w.tokens_per_sample, 128u);
  EXPECT_EQ(w.batch, 32u);
  EXPECT_EQ(w.scaling, BatchScaling::weak);
  EXPECT_EQ(w.compute.peak_flops, 1e15);
  EXPECT_EQ(w.compute.mfu, 0.5);
  ASSERT_TRUE(w.compute.flops_per_token.has_value());
  EXPECT_EQ(*w.compute.flops_per_token, 2e9);
  EXPECT_FALSE(w.compute.seconds_per_sample.has_value());
  EXPECT_EQ(w.compute.source, "guessed");
  EXPECT_EQ(w.backward_fraction, 0.6);
  EXPECT_EQ(w.strategy, "zero2");
  EXPECT_EQ(w.bucket_bytes, 1048576u);
  EXPECT_EQ(w.overlap_fraction, 0.5);
  EXPECT_EQ(w.tensor_parallel, 2);
  EXPECT_EQ(w.pipeline_parallel, 3);
  EXPECT_EQ(parse_workload(workload_json(w).dump(), "w.json"), w);
}

TEST(WorkloadLoad, OptionalFieldsTakeTheirDefaults) {
  const Workload w = parse_workload(
      R"({"kind": "workload", "format_version": 1, "name": "m", "parameters": 10, "batch": 4,
          "compute": {"seconds_per_sample": 0.25}})",
      "w.json");
  const Workload defaults;
  EXPECT_EQ(w.description, "");
  EXPECT_EQ(w.source, "");
  EXPECT_EQ(w.layers, (std::vector<WorkloadLayer>{{"layer 0", 10}}));
  EXPECT_EQ(w.gradient_dtype, Dtype::bfloat16);
  EXPECT_EQ(w.tokens_per_sample, 1u);
  EXPECT_EQ(w.scaling, BatchScaling::strong);
  ASSERT_TRUE(w.compute.seconds_per_sample.has_value());
  EXPECT_EQ(*w.compute.seconds_per_sample, 0.25);
  EXPECT_EQ(w.compute.peak_flops, 0);
  EXPECT_EQ(w.backward_fraction, defaults.backward_fraction);
  EXPECT_EQ(w.strategy, "ddp");
  EXPECT_EQ(w.bucket_bytes, 26214400u);
  EXPECT_EQ(w.overlap_fraction, 1.0);
  EXPECT_EQ(w.tensor_parallel, 1);
  EXPECT_EQ(w.pipeline_parallel, 1);
  EXPECT_EQ(parse_workload(workload_json(w).dump(), "w.json"), w);
  EXPECT_DOUBLE_EQ(compute_seconds_per_step(w, 2), 0.5);
}

TEST(WorkloadLoad, LayersAloneGiveTheParameters) {
  json document = good_document();
  document.erase("parameters");
  EXPECT_EQ(parse_workload(document.dump(), "w.json").parameters, 300u);
}

TEST(WorkloadLoad, LayersCountSpreadsTheRemainder) {
  json document = good_document();
  document.erase("layers");
  document["parameters"] = 10;
  document["layers_count"] = 4;
  const Workload w = parse_workload(document.dump(), "w.json");
  EXPECT_EQ(w.parameters, 10u);
  EXPECT_EQ(w.layers, (std::vector<WorkloadLayer>{{"layer 0", 3}, {"layer 1", 3}, {"layer 2", 2}, {"layer 3", 2}}));
  document["layers_count"] = 10;  // one parameter each
  EXPECT_EQ(parse_workload(document.dump(), "w.json").layers.back(), (WorkloadLayer{"layer 9", 1}));
  document["layers_count"] = 1;
  EXPECT_EQ(parse_workload(document.dump(), "w.json").layers, (std::vector<WorkloadLayer>{{"layer 0", 10}}));
}

// An array of layers has the same bound as layers_count, checked on its size before any layer
// is read.
TEST(WorkloadLoad, LayersPastTheBoundAreRefusedByTheirCount) {
  json document = good_document();
  document.erase("parameters");
  json layers = json::array();
  // Entries that are no layers at all: the count is refused before any entry is looked at.
  for (std::uint64_t i = 0; i <= kMaxWorkloadLayersCount; ++i) layers.push_back(0);
  document["layers"] = std::move(layers);
  try {
    parse_workload(document.dump(), "w.json");
    FAIL() << "1000001 layers were accepted";
  } catch (const WorkloadError& error) {
    EXPECT_STREQ(error.what(), "w.json: /layers: has 1000001 layers, more than the limit of 1000000 (accepted: at most "
                               "1000000 layers)");
  }
}

TEST(WorkloadLoad, WholeNumbersWrittenAsDecimalsAndEveryFloatDtype) {
  json document = good_document();
  document["batch"] = 32.0;
  document["tensor_parallel"] = 2e0;
  EXPECT_EQ(parse_workload(document.dump(), "w.json").batch, 32u);
  for (const char* dtype : {"float16", "bfloat16", "float8_e4m3", "float8_e5m2", "float32", "float64"}) {
    document["gradient_dtype"] = dtype;
    EXPECT_EQ(dtype_name(parse_workload(document.dump(), "w.json").gradient_dtype), dtype);
  }
}

struct BadWorkload {
  std::string label;
  std::function<std::string()> text;
  std::string message;
};

std::string with(const std::string& pointer, const json& value) { return text_with(good_document(), pointer, value); }
std::string without(const std::string& pointer) { return text_without(good_document(), pointer); }

std::string edited(const std::function<void(json&)>& edit) {
  json document = good_document();
  edit(document);
  return document.dump();
}

const std::vector<BadWorkload>& bad_workloads() {
  static const std::vector<BadWorkload> cases = {
      {"malformed_json", [] { return std::string("{\"kind\": \"workload\",\n  \"name\": }"); },
       "w.json: not valid JSON at line 2, column 11 (byte 32): syntax error while parsing value - unexpected '}'; "
       "expected '[', '{', or a literal (accepted: " + kAcceptedWorkload + ")"},
      {"empty_text", [] { return std::string("\n"); }, "w.json: is empty (accepted: " + kAcceptedWorkload + ")"},
      {"not_an_object", [] { return std::string("[1]"); },
       "w.json: /: is an array (accepted: an object: " + kAcceptedWorkload + ")"},
      {"missing_kind", [] { return without("/kind"); }, "w.json: /kind: is missing (accepted: \"workload\")"},
      {"wrong_kind", [] { return with("/kind", "fabric"); },
       "w.json: /kind: \"fabric\" is not \"workload\" (accepted: \"workload\")"},
      {"unsupported_version", [] { return with("/format_version", 2); },
       "w.json: /format_version: 2 is not supported (accepted: 1, the only format_version this build reads)"},
      {"unknown_key", [] { return with("/batsh", 3); },
       "w.json: /batsh: unknown field (accepted: the fields " + kTopFieldList + ")"},
      {"unknown_compute_key", [] { return with("/compute/tflops", 3); },
       "w.json: /compute/tflops: unknown field (accepted: the fields seconds_per_sample, flops_per_token, "
       "peak_flops, mfu, source)"},
      {"unknown_layer_key", [] { return with("/layers/1/params", 3); },
       "w.json: /layers/1/params: unknown field (accepted: the fields name, parameters)"},
      {"missing_name", [] { return without("/name"); }, "w.json: /name: is missing (accepted: a non-empty string)"},
      {"empty_name", [] { return with("/name", ""); }, "w.json: /name: is empty (accepted: a non-empty string)"},
      {"description_not_string", [] { return with("/description", 1); },
       "w.json: /description: is a number (accepted: a string)"},
      {"negative_batch", [] { return with("/batch", -8); },
       "w.json: /batch: -8 is negative (accepted: " + kAcceptedCount + ")"},
      {"zero_batch", [] { return with("/batch", 0); }, "w.json: /batch: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"fractional_batch", [] { return with("/batch", 2.5); },
       "w.json: /batch: 2.5 is not a whole number (accepted: " + kAcceptedCount + ")"},
      {"batch_string", [] { return with("/batch", "256"); },
       "w.json: /batch: is a string (accepted: " + kAcceptedCount + ")"},
      {"missing_batch", [] { return without("/batch"); }, "w.json: /batch: is missing (accepted: " + kAcceptedCount + ")"},
      {"zero_tokens", [] { return with("/tokens_per_sample", 0); },
       "w.json: /tokens_per_sample: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"zero_parameters", [] { return edited([](json& d) { d.erase("layers"); d["parameters"] = 0; }); },
       "w.json: /parameters: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"parameters_2_pow_64", [] { return with("/parameters", 18446744073709551616.0); },
       "w.json: /parameters: 1.8446744073709552e+19 is too large (accepted: " + kAcceptedCount + ")"},
      {"sum_mismatch", [] { return with("/parameters", 301); },
       "w.json: /parameters: 301 is not the sum of the layers' parameters, 300 (accepted: the sum of "
       "/layers/*/parameters, or no parameters field)"},
      {"sum_overflows", [] { return edited([](json& d) {
         d.erase("parameters");
         d["layers"][0]["parameters"] = 18446744073709551615ull;
       }); },
       "w.json: /layers: the layers' parameters add up to more than 18446744073709551615 (accepted: layers whose "
       "parameters add up to at most 18446744073709551615)"},
      {"neither_parameters_nor_layers", [] { return edited([](json& d) { d.erase("parameters"); d.erase("layers"); }); },
       "w.json: /parameters: is missing, and so is layers (accepted: parameters, layers, or both (docs/WORKLOADS.md))"},
      {"empty_layers", [] { return edited([](json& d) { d.erase("parameters"); d["layers"] = json::array(); }); },
       "w.json: /layers: is empty (accepted: an array of at least one layer, in forward order, each an object "
       "{\"name\": \"...\", \"parameters\": N})"},
      {"layer_not_object", [] { return with("/layers/0", 100); },
       "w.json: /layers/0: is a number (accepted: an object {\"name\": \"...\", \"parameters\": N})"},
      {"empty_layer_name", [] { return with("/layers/1/name", ""); },
       "w.json: /layers/1/name: is empty (accepted: a non-empty string)"},
      {"zero_layer_parameters", [] { return with("/layers/1/parameters", 0); },
       "w.json: /layers/1/parameters: 0 is less than 1 (accepted: " + kAcceptedCount + ")"},
      {"layers_count_with_layers", [] { return with("/layers_count", 2); },
       "w.json: /layers_count: is given with layers (accepted: a whole number from 1 to the smaller of parameters "
       "and 1000000, with parameters and without layers)"},
      {"layers_count_without_parameters", [] { return edited([](json& d) {
         d.erase("parameters");
         d.erase("layers");
         d["layers_count"] = 2;
       }); },
       "w.json: /layers_count: is given without parameters (accepted: a whole number from 1 to the smaller of "
       "parameters and 1000000, with parameters and without layers)"},
      {"layers_count_above_parameters", [] { return edited([](json& d) {
         d.erase("layers");
         d["layers_count"] = 301;
       }); },
       "w.json: /layers_count: 301 is more than parameters, 300 (accepted: a whole number from 1 to the smaller of "
       "parameters and 1000000, with parameters and without layers)"},
      {"layers_count_too_large", [] { return edited([](json& d) {
         d.erase("layers");
         d["parameters"] = 1e12;
         d["layers_count"] = 1000001;
       }); },
       "w.json: /layers_count: 1000001 is too large (accepted: a whole number from 1 to the smaller of parameters "
       "and 1000000, with parameters and without layers)"},
      {"mfu_above_one", [] { return with("/compute/mfu", 1.5); },
       "w.json: /compute/mfu: 1.5 is greater than 1 (accepted: a number greater than 0 and at most 1, with "
       "peak_flops)"},
      {"mfu_zero", [] { return with("/compute/mfu", 0); },
       "w.json: /compute/mfu: 0 is not greater than 0 (accepted: a number greater than 0 and at most 1, with "
       "peak_flops)"},
      {"mfu_missing", [] { return without("/compute/mfu"); },
       "w.json: /compute/mfu: is missing (accepted: a number greater than 0 and at most 1, with peak_flops)"},
      {"peak_flops_missing", [] { return without("/compute/peak_flops"); },
       "w.json: /compute/peak_flops: is missing (accepted: a number of FLOP/s from 1e+09 to 1e+18, with mfu)"},
      {"negative_peak_flops", [] { return with("/compute/peak_flops", -1e15); },
       "w.json: /compute/peak_flops: -1e+15 is less than 1e+09 (accepted: a number of FLOP/s from 1e+09 to 1e+18, "
       "with mfu)"},
      {"tiny_peak_flops", [] { return with("/compute/peak_flops", 1e-300); },
       "w.json: /compute/peak_flops: 1e-300 is less than 1e+09 (accepted: a number of FLOP/s from 1e+09 to 1e+18, "
       "with mfu)"},
      {"peak_flops_beyond_any_chip", [] { return with("/compute/peak_flops", 1e300); },
       "w.json: /compute/peak_flops: 1e+300 is more than 1e+18 (accepted: a number of FLOP/s from 1e+09 to 1e+18, "
       "with mfu)"},
      {"zero_flops_per_token", [] { return with("/compute/flops_per_token", 0); },
       "w.json: /compute/flops_per_token: 0 is less than 1 (accepted: a number of FLOPs from 1 to 1e+18 "
       "(leave it out for 6 x parameters))"},
      {"huge_flops_per_token", [] { return with("/compute/flops_per_token", 1e308); },
       "w.json: /compute/flops_per_token: 1e+308 is more than 1e+18 (accepted: a number of FLOPs from 1 to 1e+18 "
       "(leave it out for 6 x parameters))"},
      // Every figure in range, their product not: 128 tokens x 1e18 FLOPs / (1e9 x 0.5) / 6 GPUs.
      {"compute_per_sample_beyond_a_day", [] { return edited([](json& d) {
         d["compute"]["peak_flops"] = 1e9;
         d["compute"]["flops_per_token"] = 1e18;
       }); },
       "w.json: /compute: the compute of one sample on one GPU, 4.26667e+10 s, is more than 86400 s (accepted: "
       "from 1e-09 to 86400 s of compute per sample on one GPU, docs/WORKLOADS.md)"},
      {"compute_overflows", [] { return edited([](json& d) {
         d["compute"]["peak_flops"] = 1e9;
         d["compute"]["mfu"] = 1e-300;
         d["compute"]["flops_per_token"] = 1e18;
       }); },
       "w.json: /compute: the compute of one sample on one GPU overflows (accepted: from 1e-09 to 86400 s of "
       "compute per sample on one GPU, docs/WORKLOADS.md)"},
      // 1 ns per sample shared by 6 GPUs: below what any GPU does in a sample.
      {"compute_per_sample_below_a_nanosecond", [] { return with("/compute", json{{"seconds_per_sample", 1e-9}}); },
       "w.json: /compute: the compute of one sample on one GPU, 1.66667e-10 s, is less than 1e-09 s (accepted: "
       "from 1e-09 to 86400 s of compute per sample on one GPU, docs/WORKLOADS.md)"},
      {"both_compute_forms", [] { return with("/compute/seconds_per_sample", 0.1); },
       "w.json: /compute: gives both seconds_per_sample and peak_flops (accepted: " + kAcceptedCompute + ")"},
      {"seconds_with_flops_per_token", [] { return with("/compute", json{{"seconds_per_sample", 0.1}, {"flops_per_token", 5}}); },
       "w.json: /compute: gives both seconds_per_sample and flops_per_token (accepted: " + kAcceptedCompute + ")"},
      {"neither_compute_form", [] { return with("/compute", json{{"source", "nothing"}}); },
       "w.json: /compute: gives neither seconds_per_sample nor peak_flops and mfu (accepted: " + kAcceptedCompute + ")"},
      {"zero_seconds_per_sample", [] { return with("/compute", json{{"seconds_per_sample", 0}}); },
       "w.json: /compute/seconds_per_sample: 0 is less than 1e-09 (accepted: a number of seconds from 1e-09 to "
       "86400)"},
      {"denormal_seconds_per_sample", [] { return with("/compute", json{{"seconds_per_sample", 4.9e-324}}); },
       "w.json: /compute/seconds_per_sample: 5e-324 is less than 1e-09 (accepted: a number of seconds from 1e-09 "
       "to 86400)"},
      {"seconds_per_sample_of_days", [] { return with("/compute", json{{"seconds_per_sample", 1e6}}); },
       "w.json: /compute/seconds_per_sample: 1000000.0 is more than 86400 (accepted: a number of seconds from "
       "1e-09 to 86400)"},
      {"compute_not_object", [] { return with("/compute", 0.1); },
       "w.json: /compute: is a number (accepted: " + kAcceptedCompute + ")"},
      {"missing_compute", [] { return without("/compute"); },
       "w.json: /compute: is missing (accepted: " + kAcceptedCompute + ")"},
      {"bad_strategy", [] { return with("/strategy", "allreduce"); },
       "w.json: /strategy: \"allreduce\" is not a strategy (accepted: ddp, zero1, zero2, zero3, fsdp)"},
      {"strategy_not_string", [] { return with("/strategy", 3); },
       "w.json: /strategy: is a number (accepted: ddp, zero1, zero2, zero3, fsdp)"},
      {"bad_dtype", [] { return with("/gradient_dtype", "fp32"); },
       "w.json: /gradient_dtype: \"fp32\" is not a dtype (accepted: " + kFloatDtypes + ")"},
      {"integer_dtype", [] { return with("/gradient_dtype", "int32"); },
       "w.json: /gradient_dtype: \"int32\" is not a floating-point dtype (accepted: " + kFloatDtypes + ")"},
      {"bad_scaling", [] { return with("/scaling", "linear"); },
       "w.json: /scaling: \"linear\" is not a batch scaling (accepted: strong or weak)"},
      {"backward_fraction_one", [] { return with("/backward_fraction", 1); },
       "w.json: /backward_fraction: 1 is not less than 1 (accepted: a number greater than 0 and less than 1)"},
      {"backward_fraction_zero", [] { return with("/backward_fraction", 0); },
       "w.json: /backward_fraction: 0 is not greater than 0 (accepted: a number greater than 0 and less than 1)"},
      {"overlap_above_one", [] { return with("/overlap_fraction", 1.01); },
       "w.json: /overlap_fraction: 1.01 is greater than 1 (accepted: a number from 0 to 1)"},
      {"negative_overlap", [] { return with("/overlap_fraction", -0.5); },
       "w.json: /overlap_fraction: -0.5 is negative (accepted: a number from 0 to 1)"},
      {"zero_bucket", [] { return with("/bucket_bytes", 0); },
       "w.json: /bucket_bytes: 0 is less than 1 (accepted: " + kAcceptedCount + " (bytes))"},
      // 3e9 float16 gradients in 1-byte buckets (one element each): 3e9 buckets.
      {"buckets_beyond_count", [] { return edited([](json& d) {
         d.erase("layers");
         d["parameters"] = 3e9;
         d["bucket_bytes"] = 1;
       }); },
       "w.json: /bucket_bytes: buckets of 1 B would cut the float16 gradients of workload test (3000000000 "
       "parameters) into more than 100000 collectives a step (accepted: buckets of at least 58.6 KiB, 0.0572 MiB, "
       "for this workload)"},
      {"bucket_string", [] { return with("/bucket_bytes", "25MiB"); },
       "w.json: /bucket_bytes: is a string (accepted: " + kAcceptedCount + " (bytes))"},
      {"zero_tensor_parallel", [] { return with("/tensor_parallel", 0); },
       "w.json: /tensor_parallel: 0 is less than 1 (accepted: a whole number from 1 to 2147483647)"},
      {"huge_pipeline_parallel", [] { return with("/pipeline_parallel", 2147483648.0); },
       "w.json: /pipeline_parallel: 2147483648 is too large (accepted: a whole number from 1 to 2147483647)"},
      {"control_characters_stay_on_one_line", [] { return with("/x\ny", 1); },
       "w.json: /x\\x0ay: unknown field (accepted: the fields " + kTopFieldList + ")"},
  };
  return cases;
}

void PrintTo(const BadWorkload& bad, std::ostream* out) { *out << bad.label; }

class WorkloadBadInput : public ::testing::TestWithParam<BadWorkload> {};

TEST_P(WorkloadBadInput, IsRefusedWithOneLineNamingFileAndField) {
  const BadWorkload& bad = GetParam();
  try {
    parse_workload(bad.text(), "w.json");
    FAIL() << "accepted: " << bad.text();
  } catch (const WorkloadError& error) {
    EXPECT_EQ(std::string(error.what()), bad.message);
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(Workload, WorkloadBadInput, ::testing::ValuesIn(bad_workloads()),
                         [](const ::testing::TestParamInfo<BadWorkload>& info) { return info.param.label; });

std::string workload_message(const std::string& text) {
  try {
    parse_workload(text, "w.json");
  } catch (const WorkloadError& error) {
    return error.what();
  }
  return "accepted";
}

// An unknown key is refused at the key, before its value is read: the text after it is not
// even JSON, yet the refusal is the unknown field's. The header is still checked first.
TEST(WorkloadLoad, UnknownKeyIsRefusedAtTheKey) {
  const std::string header = R"({"kind": "workload", "format_version": 1, "name": "w", )";
  EXPECT_EQ(workload_message(header + R"("batsh": [0, 0, 0 not JSON)"),
            "w.json: /batsh: unknown field (accepted: the fields " + kTopFieldList + ")");
  EXPECT_EQ(workload_message(header + R"("compute": {"tflops": [not JSON)"),
            "w.json: /compute/tflops: unknown field (accepted: the fields seconds_per_sample, flops_per_token, "
            "peak_flops, mfu, source)");
  EXPECT_EQ(workload_message(header + R"("layers": [{"name": "a", "parameters": 1}, {"params": not JSON)"),
            "w.json: /layers/1/params: unknown field (accepted: the fields name, parameters)");
  EXPECT_EQ(workload_message(R"({"batsh": [0], "kind": "fabric", "format_version": 1})"),
            "w.json: /kind: \"fabric\" is not \"workload\" (accepted: \"workload\")");
}

// Last-one-wins would quietly change the workload.
TEST(WorkloadLoad, KeyGivenTwiceIsRefused) {
  EXPECT_EQ(workload_message(R"({"kind": "workload", "format_version": 1, "name": "w", "parameters": 1000,
                                 "batch": 8, "batch": 4096, "compute": {"seconds_per_sample": 0.001}})"),
            "w.json: key \"batch\" appears twice in the object at / (accepted: each key at most once in an object)");
}

// ---- files and names ---------------------------------------------------------------------------

std::string write_file(const TemporaryDirectory& directory, const std::string& name, const std::string& text) {
  const std::string path = directory.file(name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

template <typename Load>
std::string message_of(Load load) {
  try {
    load();
  } catch (const WorkloadError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(WorkloadFiles, MissingDirectoryAndMalformedFilesNameTheFile) {
  const TemporaryDirectory directory;
  const std::string missing = directory.file("missing.json");
  EXPECT_EQ(message_of([&] { load_workload_file(missing); }),
            missing + ": cannot read: No such file or directory (accepted: a readable workload file, docs/WORKLOADS.md)");
  const std::string folder = directory.path().string();
  EXPECT_EQ(message_of([&] { load_workload_file(folder); }),
            folder + ": is a directory, not a regular file (accepted: a readable workload file, docs/WORKLOADS.md)");
  const std::string broken = write_file(directory, "broken.json", "{\"kind\": \"workload\", \"layers\": [}");
  const std::string message = message_of([&] { load_workload_file(broken); });
  EXPECT_EQ(message.rfind(broken + ": not valid JSON at line 1, column 33 (byte 33): ", 0), 0u) << message;
  const std::string wrong = write_file(directory, "wrong.json", with("/strategy", "fsdp2"));
  EXPECT_EQ(message_of([&] { load_workload_file(wrong); }).rfind(wrong + ": /strategy: ", 0), 0u);
}

TEST(WorkloadFiles, WrittenFileLoadsBackEqual) {
  const TemporaryDirectory directory;
  const Workload w = load_workload_preset("llama2-70b");
  const std::string path = write_file(directory, "llama.json", workload_json(w).dump(2));
  EXPECT_EQ(load_workload_file(path), w);
  EXPECT_EQ(load_workload(path), w);
}

TEST(WorkloadFiles, LoadWorkloadTakesAPresetOrAFileAndSaysWhenNeither) {
  EXPECT_EQ(load_workload("bert-large"), load_workload_preset("bert-large"));
  const TemporaryDirectory directory;
  const std::string path = write_file(directory, "mine.json", good_document().dump());
  EXPECT_EQ(load_workload(path).name, "test");
  EXPECT_EQ(message_of([] { load_workload("gtp3-1.3b"); }),
            "workload 'gtp3-1.3b': not a preset and no such file (accepted: " + kPresetList +
                ", or a workload JSON file)");
  // A file that exists but is wrong is reported as the file's problem, not as an unknown name.
  const std::string bad = write_file(directory, "bad.json", with("/batch", 0));
  EXPECT_EQ(message_of([&] { load_workload(bad); }),
            bad + ": /batch: 0 is less than 1 (accepted: " + kAcceptedCount + ")");
}

TEST(WorkloadDocs, TheDocumentedExampleLoadsAndGivesTheDocumentedTime) {
  std::ifstream in(std::string(COMMBENCH_TEST_DATA_DIR) + "/../../../docs/WORKLOADS.md");
  ASSERT_TRUE(in) << "docs/WORKLOADS.md not found";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::size_t start = doc.find("```json\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("```", start + 8);
  ASSERT_NE(end, std::string::npos);
  const Workload w = parse_workload(doc.substr(start + 8, end - start - 8), "docs/WORKLOADS.md example");
  EXPECT_EQ(w.parameters, 350000000u);
  ASSERT_EQ(w.layers.size(), 24u);
  EXPECT_EQ(layers_parameters(w.layers), w.parameters);
  // 8 x 2048 tokens x 6 x 350e6 / (989e12 x 0.35), at any replica count (weak scaling).
  EXPECT_NEAR(compute_seconds_per_step(w, 1), 0.0994, 5e-5);
  EXPECT_EQ(compute_seconds_per_step(w, 16), compute_seconds_per_step(w, 1));
  EXPECT_EQ(gradient_bytes(w), 700000000u);
}

}  // namespace
}  // namespace commbench
