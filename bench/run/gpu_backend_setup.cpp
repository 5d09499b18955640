#include "bench/run/gpu_backend_setup.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/run/usage_error.hpp"
#include "collectives/cuda/cuda_devices.hpp"
#include "collectives/cuda/cuda_memory_space.hpp"
#include "collectives/mpi/cuda_aware_mpi.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "collectives/nccl/nccl_backend.hpp"
#include "reports/model/json_report.hpp"
#include "topology/discovery/device_assignment.hpp"
#include "topology/discovery/host_map.hpp"
#include "topology/discovery/rank_strings.hpp"

namespace commbench {
namespace {

// What a rank sees before touching a GPU, as one JSON line for allgather_strings.
struct RankGpuView {
  RankDeviceView devices;
  std::string cuda_problem;  // why CUDA shows no device, when it shows none
  std::string mpi_problem;   // why MPI cannot take device buffers (--backend mpi --device cuda)
};

std::string encode(const RankGpuView& view) {
  return nlohmann::json{{"host_name", view.devices.host_name},
                        {"host_identity", view.devices.host_identity},
                        {"visible_devices", view.devices.visible_devices},
                        {"visible_devices_set", view.devices.visible_devices_set},
                        {"device_count", view.devices.device_count},
                        {"cuda_problem", view.cuda_problem},
                        {"mpi_problem", view.mpi_problem}}
      .dump();
}

RankGpuView decode(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text);
  RankGpuView view;
  view.devices.host_name = json.at("host_name").get<std::string>();
  view.devices.host_identity = json.at("host_identity").get<std::string>();
  view.devices.visible_devices = json.at("visible_devices").get<std::string>();
  view.devices.visible_devices_set = json.at("visible_devices_set").get<bool>();
  view.devices.device_count = json.at("device_count").get<int>();
  view.cuda_problem = json.at("cuda_problem").get<std::string>();
  view.mpi_problem = json.at("mpi_problem").get<std::string>();
  return view;
}

RankGpuView local_view(const Config& config) {
  RankGpuView view;
  view.devices.host_name = local_hostname();
  view.devices.host_identity = local_host_identity();
  const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
  view.devices.visible_devices_set = visible != nullptr;
  view.devices.visible_devices = visible != nullptr ? visible : "";
  if (config.backend == "mpi") {
    if (const auto problem = mpi_cuda_support_problem()) view.mpi_problem = *problem;
  }
  const VisibleCudaDevices cuda = visible_cuda_devices();
  view.devices.device_count = cuda.count;
  view.cuda_problem = cuda.problem;
  return view;
}

// Every rank gets every rank's view and decides the same way, so no further agreement is
// needed: the first problem, in rank order, is everyone's error.
std::vector<int> assign_or_refuse(const Config& config, const std::vector<RankGpuView>& views) {
  for (const RankGpuView& view : views) {
    if (!view.mpi_problem.empty()) {
      throw UsageError("--device cuda: " + view.mpi_problem + " on host " + view.devices.host_name +
                       "; --backend nccl measures GPUs without it, --device host measures MPI on host memory");
    }
  }
  for (const RankGpuView& view : views) {
    if (view.devices.device_count == 0) {
      const std::string flag = config.backend == "nccl" ? "--backend nccl" : "--device cuda";
      throw UsageError(flag + ": no CUDA device is visible on host " + view.devices.host_name + " (" +
                       view.cuda_problem + "); --backend mpi measures over MPI on host memory");
    }
  }
  std::vector<RankDeviceView> devices;
  for (const RankGpuView& view : views) devices.push_back(view.devices);
  try {
    return assign_devices(devices);
  } catch (const DeviceAssignmentError& error) {
    throw UsageError(error.what());
  }
}

GpuEntry describe_rank_gpu(int rank, int device) {
  const CudaDeviceDescription description = describe_cuda_device(device);
  GpuEntry entry;
  entry.rank = rank;
  entry.host = local_hostname();
  entry.device_index = device;
  entry.name = description.name;
  entry.uuid = description.uuid;
  entry.pci_bus_id = description.pci_bus_id;
  entry.memory_bytes = description.memory_bytes;
  entry.compute_capability = compute_capability_text(description.compute_capability);
  return entry;
}

DeviceMeta gather_device_meta(Backend& world, const GpuEntry& mine, const std::string& nccl_version) {
  DeviceMeta meta;
  meta.cuda_runtime_version = cuda_runtime_version();
  meta.cuda_driver_version = cuda_driver_version();
  meta.nccl_version = nccl_version;
  for (const std::string& text : allgather_strings(world, nlohmann::json(mine).dump())) {
    meta.gpus.push_back(nlohmann::json::parse(text).get<GpuEntry>());
  }
  return meta;
}

}  // namespace

MeasuredBackend open_gpu_backend(const Config& config, Backend& world, ProgressMonitor& monitor) {
  std::vector<RankGpuView> views;
  for (const std::string& text : allgather_strings(world, encode(local_view(config)))) views.push_back(decode(text));
  const int device = assign_or_refuse(config, views).at(static_cast<std::size_t>(world.rank()));

  MeasuredBackend measured;
  std::string nccl_version;
  {
    // Communicator setup waits for every rank: watched like any other call.
    const CallScope scope(monitor, {"GPU backend setup", 0, kAllRanks, world.rank(), world.size()});
    auto memory = std::make_shared<CudaMemorySpace>(device);
    if (config.backend == "nccl") {
      measured.gpu_backend = NcclBackend::create(MpiBackend::world(), memory, {config.nccl_register});
      nccl_version = NcclBackend::version();
    } else {
      measured.gpu_backend = MpiBackend::world(memory);
    }
  }
  measured.devices = gather_device_meta(world, describe_rank_gpu(world.rank(), device), nccl_version);
  return measured;
}

}  // namespace commbench
