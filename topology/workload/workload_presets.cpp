#include "topology/workload/workload_presets.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <functional>
#include <stdexcept>
#include <utility>

#include "reports/format/escaped_text.hpp"
#include "reports/format/text_join.hpp"
#include "topology/workload/workload_json.hpp"

namespace commbench {
namespace {

// NVIDIA H100 Tensor Core GPU datasheet: H100 SXM, BF16 Tensor Core, 989 TFLOPS dense (the
// datasheet's 1,979 is with structured sparsity).
constexpr double kH100Bf16Flops = 989e12;
const std::string kH100Source = "peak_flops: NVIDIA H100 Tensor Core GPU datasheet, H100 SXM BF16 dense 989 TFLOP/s";
// Chowdhery et al. 2022 (PaLM), Table 3: 46.2% MFU for PaLM 540B; Narayanan et al. 2021
// (Megatron-LM): 52% of peak for a 1T-parameter GPT on A100s. 0.40 is below both, as a
// smaller model on fewer GPUs rarely does as well: an assumption, not a measurement.
constexpr double kTransformerMfu = 0.40;
const std::string kTransformerMfuSource =
    "mfu 0.40: assumed typical for dense transformer training (PaLM reports 46.2%, Chowdhery et al. 2022, "
    "Table 3; Megatron-LM 52% of peak, Narayanan et al. 2021); flops_per_token 6 x parameters (Kaplan et al. "
    "2020)";

// Four million tokens per step, as Llama 2 trained (Touvron et al. 2023, section 2.2).
constexpr std::uint64_t kLlama2Sequences = 1024;
constexpr std::uint64_t kLlama2Context = 4096;

std::uint64_t norm_parameters(const TransformerShape& shape) {
  return shape.rms_norm ? shape.d_model : 2 * shape.d_model;
}

// A linear layer in x out, with its bias when the model has them.
std::uint64_t linear(const TransformerShape& shape, std::uint64_t in, std::uint64_t out) {
  return in * out + (shape.biases ? out : 0);
}

std::uint64_t conv(std::uint64_t in, std::uint64_t out, std::uint64_t kernel) { return in * out * kernel * kernel; }
std::uint64_t batch_norm(std::uint64_t channels) { return 2 * channels; }  // scale and shift

// What every preset shares: a global batch (strong scaling) trained with DDP on H100s, backward
// taking twice forward's compute, and the gradient sync overlapping all of backward.
Workload preset_workload(std::string name, std::string description, std::string source,
                         std::vector<WorkloadLayer> layers) {
  Workload w;
  w.name = std::move(name);
  w.description = std::move(description);
  w.source = std::move(source);
  w.layers = std::move(layers);
  w.parameters = layers_parameters(w.layers);
  w.scaling = BatchScaling::strong;
  w.compute.peak_flops = kH100Bf16Flops;
  w.backward_fraction = 2.0 / 3.0;
  w.strategy = "ddp";
  w.overlap_fraction = 1.0;
  return w;
}

Workload transformer_workload(std::string name, std::string description, std::string source,
                              const TransformerShape& shape, std::uint64_t sequence, std::uint64_t batch) {
  Workload w = preset_workload(std::move(name), std::move(description), std::move(source), transformer_layers(shape));
  w.gradient_dtype = Dtype::bfloat16;
  w.tokens_per_sample = sequence;
  w.batch = batch;
  w.compute.mfu = kTransformerMfu;
  w.compute.source = kH100Source + "; " + kTransformerMfuSource;
  return w;
}

Workload resnet50() {
  Workload w = preset_workload(
      "resnet50", "ResNet-50 on 224x224 ImageNet images, global batch 256, PyTorch DDP with float32 gradients",
      "He et al. 2016, Deep Residual Learning for Image Recognition, Table 1 (50-layer); layers counted as "
      "torchvision resnet50 (25,557,032 parameters); batch 256 as in section 3.4",
      resnet50_layers());
  // Mixed precision (PyTorch AMP) keeps parameters, and so gradients, in float32.
  w.gradient_dtype = Dtype::float32;
  w.tokens_per_sample = 1;
  w.batch = 256;
  // torchvision's model card gives 4.09 GFLOPS for a 224x224 forward pass, counted as
  // multiply-adds (He et al. Table 1: 3.8e9, likewise); two FLOPs each, and backward twice
  // forward: 3 x 2 x 4.09e9 per image.
  w.compute.flops_per_token = 3 * 2 * 4.09e9;
  w.compute.mfu = 0.20;
  w.compute.source =
      "flops_per_token: 3 x 2 x 4.09e9 (torchvision resnet50 model card, 4.09 G multiply-adds per 224x224 forward; "
      "backward = 2 x forward); " +
      kH100Source +
      "; mfu 0.20: assumed (convolutions with batch norm keep tensor cores far less busy than large transformer "
      "matrix multiplies)";
  return w;
}

Workload bert_large() {
  TransformerShape shape;
  shape.vocab = 30522;
  shape.d_model = 1024;
  shape.layers = 24;
  shape.ffn = 4096;
  shape.heads = 16;
  shape.kv_heads = 16;
  shape.max_positions = 512;
  shape.token_types = 2;
  shape.embedding_norm = true;
  shape.final_norm = false;  // post-norm: each block ends with its own LayerNorm
  shape.pooler = true;
  shape.tied_embeddings = true;  // the MLM head's decoder reuses the word embedding
  return transformer_workload(
      "bert-large",
      "BERT-Large (BertModel: embeddings, 24 encoder blocks, pooler; the pre-training heads left out), "
      "sequences of 512 tokens, global batch 256",
      "Devlin et al. 2019, BERT, section 3 (L=24, H=1024, A=16, 340M) and A.2 (batch 256 sequences of 512 tokens); "
      "vocab 30522, 512 positions, 2 token types from Hugging Face bert-large-uncased config (335,141,888 parameters)",
      shape, 512, 256);
}

Workload gpt3_1_3b() {
  TransformerShape shape;
  shape.vocab = 50257;
  shape.d_model = 2048;
  shape.layers = 24;
  shape.ffn = 4 * 2048;
  shape.heads = 16;
  shape.kv_heads = 16;
  shape.max_positions = 2048;
  shape.tied_embeddings = true;
  return transformer_workload(
      "gpt3-1.3b", "GPT-3 XL (1.3B): GPT-2 architecture, context 2048, 1M tokens per step (512 sequences)",
      "Brown et al. 2020, Language Models are Few-Shot Learners, Table 2.1 (GPT-3 XL: n_layers 24, d_model 2048, "
      "n_heads 24, d_head 128 as printed, batch 1M tokens), section 2.1 (context 2048, ffn 4 x d_model, GPT-2 "
      "vocabulary of 50257); heads taken as 16 so that heads x d_head = d_model (head count does not change the "
      "parameter count)",
      shape, 2048, 512);
}

TransformerShape llama2_shape(std::uint64_t d_model, std::uint64_t layers, std::uint64_t ffn, std::uint64_t heads,
                              std::uint64_t kv_heads) {
  TransformerShape shape;
  shape.vocab = 32000;
  shape.d_model = d_model;
  shape.layers = layers;
  shape.ffn = ffn;
  shape.heads = heads;
  shape.kv_heads = kv_heads;
  shape.gated_mlp = true;
  shape.biases = false;
  shape.rms_norm = true;
  shape.tied_embeddings = false;
  return shape;
}

Workload llama2_7b() {
  return transformer_workload(
      "llama2-7b", "Llama 2 7B: 32 blocks, SwiGLU, RMSNorm, untied output, 4M tokens per step (1024 x 4096)",
      "Touvron et al. 2023, Llama 2, Table 1 and section 2.2 (context 4096, global batch 4M tokens); shape from "
      "the meta-llama/Llama-2-7b-hf config: d_model 4096, 32 layers, 32 heads, ffn 11008, vocab 32000 "
      "(6,738,415,616 parameters)",
      llama2_shape(4096, 32, 11008, 32, 32), kLlama2Context, kLlama2Sequences);
}

Workload llama2_70b() {
  Workload w = transformer_workload(
      "llama2-70b",
      "Llama 2 70B: 80 blocks, grouped-query attention (8 KV heads), SwiGLU, RMSNorm, untied output, 4M tokens per "
      "step (1024 x 4096), sharded with FSDP (DDP would not fit its parameters, gradients and optimizer state in a "
      "GPU)",
      "Touvron et al. 2023, Llama 2, Table 1 and section 2.2 (GQA, context 4096, global batch 4M tokens); shape "
      "from the meta-llama/Llama-2-70b-hf config: d_model 8192, 80 layers, 64 heads, 8 KV heads, ffn 28672, vocab "
      "32000 (68,976,648,192 parameters)",
      llama2_shape(8192, 80, 28672, 64, 8), kLlama2Context, kLlama2Sequences);
  w.strategy = "fsdp";
  return w;
}

struct Preset {
  const char* name;
  Workload (*build)();
};

const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {{"resnet50", resnet50},
                                           {"bert-large", bert_large},
                                           {"gpt3-1.3b", gpt3_1_3b},
                                           {"llama2-7b", llama2_7b},
                                           {"llama2-70b", llama2_70b}};
  return list;
}

}  // namespace

std::vector<WorkloadLayer> transformer_layers(const TransformerShape& s) {
  if (s.heads == 0 || s.kv_heads == 0 || s.d_model % s.heads != 0 || s.heads % s.kv_heads != 0) {
    throw std::invalid_argument("transformer_layers: d_model " + std::to_string(s.d_model) + ", heads " +
                                std::to_string(s.heads) + ", kv_heads " + std::to_string(s.kv_heads) +
                                " (accepted: d_model a multiple of heads, heads a multiple of kv_heads)");
  }
  std::vector<WorkloadLayer> layers;
  const std::uint64_t d = s.d_model;
  const std::uint64_t kv_width = s.kv_heads * (d / s.heads);
  std::uint64_t embedding = s.vocab * d + s.max_positions * d + s.token_types * d;
  if (s.embedding_norm) embedding += norm_parameters(s);
  layers.push_back({"embedding", embedding});

  const std::uint64_t attention = linear(s, d, d) + 2 * linear(s, d, kv_width) + linear(s, d, d);
  const std::uint64_t mlp = (s.gated_mlp ? 2 : 1) * linear(s, d, s.ffn) + linear(s, s.ffn, d);
  const std::uint64_t block = attention + mlp + 2 * norm_parameters(s);
  for (std::uint64_t i = 0; i < s.layers; ++i) layers.push_back({"block " + std::to_string(i), block});

  if (s.final_norm) layers.push_back({"final_norm", norm_parameters(s)});
  if (s.pooler) layers.push_back({"pooler", d * d + d});
  if (!s.tied_embeddings) layers.push_back({"lm_head", d * s.vocab});
  return layers;
}

std::vector<WorkloadLayer> resnet50_layers() {
  std::vector<WorkloadLayer> layers;
  layers.push_back({"conv1", conv(3, 64, 7) + batch_norm(64)});
  const std::uint64_t blocks[] = {3, 4, 6, 3};
  const std::uint64_t widths[] = {64, 128, 256, 512};
  constexpr std::uint64_t kExpansion = 4;
  std::uint64_t in = 64;
  for (int stage = 0; stage < 4; ++stage) {
    const std::uint64_t width = widths[stage];
    const std::uint64_t out = width * kExpansion;
    for (std::uint64_t b = 0; b < blocks[stage]; ++b) {
      std::uint64_t n = conv(in, width, 1) + batch_norm(width) + conv(width, width, 3) + batch_norm(width) +
                        conv(width, out, 1) + batch_norm(out);
      if (b == 0) n += conv(in, out, 1) + batch_norm(out);  // downsample: the shortcut changes width
      layers.push_back({"layer" + std::to_string(stage + 1) + "." + std::to_string(b), n});
      in = out;
    }
  }
  layers.push_back({"fc", 2048 * 1000 + 1000});
  return layers;
}

std::uint64_t layers_parameters(const std::vector<WorkloadLayer>& layers) {
  std::uint64_t sum = 0;
  for (const WorkloadLayer& layer : layers) sum += layer.parameters;
  return sum;
}

std::vector<std::string> workload_preset_names() {
  std::vector<std::string> names;
  for (const Preset& preset : presets()) names.emplace_back(preset.name);
  return names;
}

std::string workload_preset_names_text() {
  return joined(workload_preset_names());
}

Workload load_workload_preset(const std::string& name) {
  for (const Preset& preset : presets()) {
    // Through the file format's checks, so that a preset is held to what a file is.
    if (name == preset.name) return parse_workload(workload_json(preset.build()).dump(), "preset " + name);
  }
  throw WorkloadError(one_line_text("unknown workload preset '" + name + "' (accepted: " +
                                    workload_preset_names_text() + ", or a workload JSON file)"));
}

Workload load_workload(const std::string& name_or_path) {
  for (const std::string& preset : workload_preset_names()) {
    if (name_or_path == preset) return load_workload_preset(name_or_path);
  }
  struct stat info {};
  if (::stat(name_or_path.c_str(), &info) != 0 && errno == ENOENT) {
    throw WorkloadError(one_line_text("workload '" + name_or_path + "': not a preset and no such file (accepted: " +
                                      workload_preset_names_text() + ", or a workload JSON file)"));
  }
  return load_workload_file(name_or_path);
}

}  // namespace commbench
