#pragma once
// Built-in workloads with their sources (docs/WORKLOADS.md): resnet50, bert-large,
// gpt3-1.3b, llama2-7b, llama2-70b, each with its layers derived from the published
// architecture.
#include <string>
#include <vector>

#include "workload.hpp"

namespace commbench {

std::vector<std::string> workload_preset_names();
// "resnet50, bert-large, ...": for messages.
std::string workload_preset_names_text();
// Throws WorkloadError naming the unknown preset and listing the known ones.
Workload load_workload_preset(const std::string& name);
// A preset when name is one; otherwise a file (what --workload takes).
Workload load_workload(const std::string& name_or_path);

}  // namespace commbench
