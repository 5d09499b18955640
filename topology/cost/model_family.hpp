#pragma once
// Which cost model family predicts a case, and one entry point over both (docs/MODELS.md): the
// NCCL family (nccl_cost_model.hpp) where NCCL runs the collectives on a GPU fabric, the
// MPI-style family (cost_model.hpp) where MPI runs them or the fabric describes no GPUs.
// "native" is the library's own choice as that family models it: NCCL's tuner, or the fastest
// MPI-style algorithm.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "topology/cost/cost_model.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

enum class ModelFamily { mpi, nccl };

std::string_view family_name(ModelFamily family);

// backend: "nccl" and "mpi" name what ran the measured collectives; "" for a case nothing
// measures (predict, plan), which takes NCCL's family on a GPU fabric and the MPI-style one
// elsewhere. The NCCL family on a fabric that describes no GPUs is refused when a prediction is
// asked for (nccl_system's ModelError).
ModelFamily model_family_for(const Fabric& fabric, std::string_view backend);

// The algorithms a family has for a collective (modelled_algorithms or nccl_algorithms).
std::vector<std::string> family_algorithms(ModelFamily family, std::string_view collective);

// algorithm "native" or "" is the library's own choice; protocol is NCCL's ("" = its choice) and
// must be empty for the MPI family. Throws ModelError.
Prediction predict_case(ModelFamily family, std::string_view collective, std::string_view algorithm,
                        std::string_view protocol, std::uint64_t bytes, int ranks, const Fabric& fabric);

// "ring/simple" for NCCL, "ring" for the MPI family: what the prediction assumed ran.
std::string choice_text(const Prediction& prediction);

}  // namespace commbench
