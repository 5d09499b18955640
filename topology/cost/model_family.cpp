#include "topology/cost/model_family.hpp"

#include "reports/format/escaped_text.hpp"
#include "topology/cost/nccl_cost_model.hpp"
#include "topology/cost/nccl_system.hpp"

namespace commbench {

std::string_view family_name(ModelFamily family) { return family == ModelFamily::nccl ? "nccl" : "mpi"; }

ModelFamily model_family_for(const Fabric& fabric, std::string_view backend) {
  if (backend == "nccl") return ModelFamily::nccl;
  if (backend == "mpi") return ModelFamily::mpi;
  return is_gpu_fabric(fabric) ? ModelFamily::nccl : ModelFamily::mpi;
}

std::vector<std::string> family_algorithms(ModelFamily family, std::string_view collective) {
  return family == ModelFamily::nccl ? nccl_algorithms(collective) : modelled_algorithms(collective);
}

Prediction predict_case(ModelFamily family, std::string_view collective, std::string_view algorithm,
                        std::string_view protocol, std::uint64_t bytes, int ranks, const Fabric& fabric) {
  const bool native = algorithm.empty() || algorithm == "native";
  if (family == ModelFamily::nccl) {
    return predict_nccl(collective, native ? std::string_view() : algorithm, protocol, bytes, ranks, fabric);
  }
  if (!protocol.empty()) {
    throw ModelError("protocol '" + one_line_text(std::string(protocol)) +
                     "' belongs to NCCL's model, and MPI's algorithms have none (accepted: no protocol with the mpi "
                     "family)");
  }
  return native ? predict_best(collective, bytes, ranks, fabric) : predict(collective, algorithm, bytes, ranks, fabric);
}

std::string choice_text(const Prediction& prediction) {
  return prediction.protocol.empty() ? prediction.algorithm : prediction.algorithm + "/" + prediction.protocol;
}

}  // namespace commbench
