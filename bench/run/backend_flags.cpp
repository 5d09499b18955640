#include "bench/run/backend_flags.hpp"

#include "bench/run/usage_error.hpp"
#include "build_config.hpp"

namespace commbench {
namespace {

constexpr bool kHaveNccl = COMMBENCH_HAVE_NCCL == 1;

}  // namespace

void add_backend_options(CLI::App& command, BackendRawOptions& raw, const std::string& device_help) {
  command.add_option("--backend", raw.backend, kHaveNccl ? "mpi or nccl" : "mpi (this build has no NCCL backend)")
      ->capture_default_str();
  command.add_option("--device", raw.device, device_help + ": host or cuda (default: host with mpi, cuda with nccl)");
}

void apply_backend_options(Config& config, const BackendRawOptions& raw, bool device_given) {
  const std::string accepted_backends = kHaveNccl ? "mpi, nccl" : "mpi";
  if (raw.backend == "nccl" && !kHaveNccl) {
    throw UsageError("--backend: 'nccl' is not available in this build, which was configured without CUDA and NCCL "
                     "(COMMBENCH_WITH_NCCL; accepted: mpi)");
  }
  if (raw.backend != "mpi" && raw.backend != "nccl") {
    throw UsageError("--backend: '" + raw.backend + "' is not accepted (accepted: " + accepted_backends + ")");
  }
  config.backend = raw.backend;
  const bool nccl = config.backend == "nccl";
  config.device = device_given ? raw.device : (nccl ? "cuda" : "host");
  if (config.device != "host" && config.device != "cuda") {
    throw UsageError("--device: '" + raw.device + "' is not accepted (accepted: host, cuda)");
  }
  if (nccl && config.device != "cuda") {
    throw UsageError("--device host: the nccl backend works on GPU memory only (accepted with --backend nccl: cuda)");
  }
  if (config.device == "cuda" && !kHaveNccl) {
    throw UsageError("--device cuda: not available in this build, which was configured without CUDA and NCCL "
                     "(COMMBENCH_WITH_NCCL; accepted: host)");
  }
  if (raw.cuda_graph && !nccl) {
    throw UsageError("-G/--cuda-graph: needs --backend nccl (MPI calls cannot be recorded in a CUDA graph)");
  }
  if (raw.nccl_register && !nccl) {
    throw UsageError("--nccl-register: needs --backend nccl");
  }
  config.cuda_graph = raw.cuda_graph;
  config.nccl_register = raw.nccl_register;
}

}  // namespace commbench
