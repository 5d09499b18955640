#pragma once
// Built-in workloads with their sources (docs/WORKLOADS.md): resnet50, bert-large,
// gpt3-1.3b, llama2-7b, llama2-70b, each with its layers derived from the published
// architecture.
#include <cstdint>
#include <string>
#include <vector>

#include "topology/workload/workload.hpp"

namespace commbench {

std::vector<std::string> workload_preset_names();
// "resnet50, bert-large, ...": for messages.
std::string workload_preset_names_text();
// Throws WorkloadError naming the unknown preset and listing the known ones.
Workload load_workload_preset(const std::string& name);
// A preset when name is one; otherwise a file (what --workload takes). Neither: a
// WorkloadError that says the name is not a preset and no such file exists.
Workload load_workload(const std::string& name_or_path);

// The builders the presets' layers come from, exposed so that the derivations are tested.

// A decoder or encoder transformer from its published shape. Layers in forward order: the
// embedding ("embedding": tokens, learned positions and token types, and the embedding norm
// when there is one), one "block N" per layer (attention: Q and O d x d, K and V
// d x kv_heads x d/heads; MLP: two matrices d x ffn, three when gated (SwiGLU); biases when
// the model has them; two norms), then "final_norm" when there is one, "pooler" (BERT) and
// "lm_head" when the output projection is not tied to the token embedding.
struct TransformerShape {
  std::uint64_t vocab = 0;
  std::uint64_t d_model = 0;
  std::uint64_t layers = 0;
  std::uint64_t ffn = 0;
  std::uint64_t heads = 0;
  std::uint64_t kv_heads = 0;       // = heads without grouped-query attention
  std::uint64_t max_positions = 0;  // learned position embeddings; 0 for rotary (Llama)
  std::uint64_t token_types = 0;    // BERT's segment embeddings; 0 for none
  bool gated_mlp = false;           // SwiGLU: gate, up and down matrices
  bool biases = true;               // linear layers have biases
  bool rms_norm = false;            // RMSNorm (a scale, d) rather than LayerNorm (scale and shift, 2d)
  bool embedding_norm = false;      // a norm after the embeddings (BERT)
  bool final_norm = true;           // a norm after the last block (pre-norm models)
  bool pooler = false;              // BERT's pooler, d x d + d
  bool tied_embeddings = true;      // the output projection reuses the token embedding
};
// Throws std::invalid_argument when d_model is not a multiple of heads or heads of kv_heads.
std::vector<WorkloadLayer> transformer_layers(const TransformerShape& shape);

// torchvision's resnet50 (He et al. 2016): "conv1" (7x7 convolution and its batch norm),
// the 16 bottleneck blocks "layer1.0" .. "layer4.2" (3, 4, 6, 3 blocks of widths 64, 128,
// 256, 512, expansion 4, a 1x1 downsample convolution and batch norm in each stage's first
// block), then "fc" (2048 x 1000 + 1000).
std::vector<WorkloadLayer> resnet50_layers();

// Sum of the layers' parameters.
std::uint64_t layers_parameters(const std::vector<WorkloadLayer>& layers);

}  // namespace commbench
