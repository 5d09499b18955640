// topology/discovery/topology_description.hpp and topology_summary.hpp: JSON both ways, discovery on
// this very machine, and the readable summary.
#include "topology/discovery/topology_description.hpp"

#include <gtest/gtest.h>

#include "topology/discovery/topology_summary.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// A host as a DGX-like machine would describe itself, with one figure unknown.
HostDescription sample_host() {
  HostDescription host;
  host.name = "node7";
  host.identity = "node7:5b1c0d0e-1111-2222-3333-444455556666";
  host.cpu.model = "Intel(R) Xeon(R) Platinum 8480+";
  host.cpu.packages = 2;
  host.cpu.cores = 112;
  host.cpu.hardware_threads = 224;
  host.cpu.numa_nodes = {{0, "0-55,112-167", 1081000000000ull}, {1, "56-111,168-223", std::nullopt}};
  host.gpus.state = Availability::available();
  host.gpus.devices.push_back({0, "NVIDIA H100 80GB HBM3", "GPU-34bf77d1-c686-6821-79a8-32d326c5039c", "0000:18:00.0",
                               85045477376ull, 0, {}});
  host.gpus.devices.push_back({1, "NVIDIA H100 80GB HBM3", "GPU-00000000-0000-0000-0000-000000000001", "0000:2A:00.0",
                               85045477376ull, std::nullopt, {{"numa_node", "/sys/bus/pci/devices/0000:2a:00.0/numa_node is -1"}}});
  host.gpu_links.state = Availability::available();
  host.gpu_links.source = "nvidia-smi topo -m";
  host.gpu_links.nvlink = "seen by nvidia-smi";
  host.gpu_links.gpus = {"GPU0", "GPU1"};
  host.gpu_links.gpu_links.push_back({"GPU0", "GPU1", "NV18", "nvlink", 18, ""});
  host.gpu_links.gpu_nic_links.push_back({"GPU0", "NIC0", "PIX", "pcie-switch", std::nullopt, ""});
  host.gpu_links.nic_names["NIC0"] = "mlx5_0";
  host.gpu_links.gpu_pci_bus_ids["GPU0"] = "0000:18:00.0";
  host.gpu_links.gpu_affinity.push_back({"GPU0", std::string("0-55,112-167"), std::string("0"), std::string("N/A")});
  host.network.infiniband.state = Availability::available();
  InfinibandDevice hca;
  hca.name = "mlx5_0";
  hca.numa_node = 0;
  InfinibandPort port;
  port.port = 1;
  port.rate = "400 Gb/sec (4X NDR)";
  port.rate_bytes_per_second = 50e9;
  port.state = "4: ACTIVE";
  port.physical_state = "5: LinkUp";
  port.link_layer = "InfiniBand";
  hca.ports.push_back(port);
  host.network.infiniband.devices.push_back(hca);
  host.network.interfaces.state = Availability::available();
  NetworkInterface lo;
  lo.name = "lo";
  lo.is_virtual = true;
  lo.mtu = 65536;
  lo.operstate = "unknown";
  lo.unknown["speed"] = "read /sys/class/net/lo/speed: Invalid argument";
  host.network.interfaces.devices.push_back(lo);
  return host;
}

TEST(TopologyDescriptionJson, HostRoundTripsThroughText) {
  const HostDescription host = sample_host();
  const json written = host;
  // As the lead's command sends it: a string between ranks.
  const HostDescription read = json::parse(written.dump()).get<HostDescription>();
  EXPECT_EQ(json(read), written);
  EXPECT_EQ(read.gpus.devices.at(1).numa_node, std::nullopt);
  EXPECT_EQ(read.gpu_links.gpu_links.at(0).nvlink_count, 18);
}

TEST(TopologyDescriptionJson, UnknownFiguresAreNullWithTheReason) {
  const json written = sample_host();
  EXPECT_TRUE(written["cpu"]["numa_nodes"][1]["memory_bytes"].is_null());
  EXPECT_TRUE(written["gpus"]["devices"][1]["numa_node"].is_null());
  EXPECT_NE(written["gpus"]["devices"][1]["unknown"]["numa_node"].get<std::string>().find("-1"), std::string::npos);
  const json& lo = written["network"]["interfaces"]["devices"][0];
  EXPECT_TRUE(lo["speed_bytes_per_second"].is_null());
  EXPECT_EQ(lo["unknown"]["speed"], "read /sys/class/net/lo/speed: Invalid argument");
}

TEST(TopologyDescriptionJson, AbsentSectionsSayAbsentWithReasonAndNoDevices) {
  HostDescription host = sample_host();
  host.gpus = GpuDevices{Availability::absent("no CUDA device visible: cudaErrorNoDevice"), {}};
  host.gpu_links = GpuLinks{};
  host.gpu_links.state = Availability::absent("no GPU");
  host.network.infiniband = InfinibandDevices{Availability::absent("no /sys/class/infiniband"), {}};
  const json written = host;
  EXPECT_EQ(written["gpus"], (json{{"state", "absent"}, {"reason", "no CUDA device visible: cudaErrorNoDevice"}, {"devices", json::array()}}));
  EXPECT_EQ(written["gpu_links"]["state"], "absent");
  EXPECT_EQ(written["gpu_links"]["reason"], "no GPU");
  EXPECT_TRUE(written["gpu_links"]["source"].is_null());
  EXPECT_TRUE(written["gpu_links"]["nvlink"].is_null());
  EXPECT_EQ(written["network"]["infiniband"],
            (json{{"state", "absent"}, {"reason", "no /sys/class/infiniband"}, {"devices", json::array()}}));
  EXPECT_EQ(json(json::parse(written.dump()).get<HostDescription>()), written);
}

TEST(TopologyDescriptionJson, TopologyRoundTripsWithRanks) {
  TopologyDescription topology;
  topology.hosts.push_back(sample_host());
  RankDescription rank;
  rank.rank = 3;
  rank.host_name = "node7";
  rank.host_identity = topology.hosts[0].identity;
  rank.local_rank = 3;
  rank.cpu_binding = {Availability::available(), true, "24-31", {0}, 8, 8};
  rank.cuda_visible_devices = "3";
  topology.ranks.push_back(rank);
  const json written = topology_to_json(topology);
  ASSERT_TRUE(written.contains("hosts"));
  ASSERT_TRUE(written.contains("ranks"));
  EXPECT_EQ(written["ranks"][0]["cpu_binding"]["cpus"], "24-31");
  EXPECT_EQ(topology_to_json(topology_from_json(json::parse(written.dump()))), written);
}

TEST(TopologyDescriptionJson, StateOtherThanPresentOrAbsentIsRefused) {
  json written = sample_host();
  written["gpus"]["state"] = "maybe";
  EXPECT_THROW(written.get<HostDescription>(), std::exception);
}

// This machine has no GPU and no InfiniBand: discovery must say so, not invent.
TEST(DescribeThisHost, ThisMachineWithoutGpuOrInfiniband) {
  const HostDescription host = describe_this_host();
  EXPECT_FALSE(host.name.empty());
  EXPECT_NE(host.identity.find(host.name + ":"), std::string::npos);
  ASSERT_TRUE(host.cpu.model.has_value()) << host.cpu.unknown.at("model");
  EXPECT_FALSE(host.cpu.model->empty());
  EXPECT_NE(host.cpu.model->back(), ' ');
  EXPECT_GE(host.cpu.cores, 1);
  EXPECT_GE(host.cpu.hardware_threads, host.cpu.cores);
  EXPECT_GE(host.cpu.packages, 1);
  ASSERT_GE(host.cpu.numa_nodes.size(), 1u);
  EXPECT_FALSE(host.cpu.numa_nodes[0].cpus.empty());
  if (host.gpus.state.present) GTEST_SKIP() << "this machine has a GPU";
  EXPECT_FALSE(host.gpus.state.reason.empty());
  EXPECT_TRUE(host.gpus.devices.empty());
  EXPECT_FALSE(host.gpu_links.state.present);
  EXPECT_EQ(host.gpu_links.state.reason, "no GPU");
  if (host.network.infiniband.state.present) GTEST_SKIP() << "this machine has InfiniBand";
  EXPECT_NE(host.network.infiniband.state.reason.find("infiniband"), std::string::npos);
  EXPECT_TRUE(host.network.interfaces.state.present);
}

TEST(DescribeThisRank, BindingCoversAtLeastOneCore) {
  const RankDescription rank = describe_this_rank(5, 2);
  EXPECT_EQ(rank.rank, 5);
  EXPECT_EQ(rank.local_rank, 2);
  EXPECT_FALSE(rank.host_identity.empty());
  ASSERT_TRUE(rank.cpu_binding.state.present) << rank.cpu_binding.state.reason;
  EXPECT_FALSE(rank.cpu_binding.cpus.empty());
  EXPECT_GE(rank.cpu_binding.cores, 1);
  EXPECT_GE(rank.cpu_binding.hardware_threads, rank.cpu_binding.cores);
  EXPECT_GE(rank.cpu_binding.numa_nodes.size(), 1u);
}

TEST(TopologySummary, ThisMachineSaysWhatIsAbsent) {
  TopologyDescription topology;
  topology.hosts.push_back(describe_this_host());
  topology.ranks.push_back(describe_this_rank(0, 0));
  const std::string text = topology_summary_text(topology);
  EXPECT_NE(text.find("host " + topology.hosts[0].name), std::string::npos) << text;
  EXPECT_NE(text.find("CPU: "), std::string::npos) << text;
  EXPECT_NE(text.find("rank 0 (local 0)"), std::string::npos) << text;
  if (!topology.hosts[0].gpus.state.present) {
    EXPECT_NE(text.find("GPUs: absent ("), std::string::npos) << text;
  }
  EXPECT_NE(text.find("absent"), std::string::npos) << text;
}

TEST(TopologySummary, GpuMatrixInNvidiaSmiNotationWithItsSource) {
  TopologyDescription topology;
  topology.hosts.push_back(sample_host());
  const std::string text = topology_summary_text(topology);
  EXPECT_NE(text.find("GPU links (source: nvidia-smi topo -m)"), std::string::npos) << text;
  EXPECT_NE(text.find("NV18"), std::string::npos) << text;
  EXPECT_NE(text.find("mlx5_0"), std::string::npos) << text;
  EXPECT_NE(text.find("400 Gb/sec (4X NDR)"), std::string::npos) << text;
  EXPECT_NE(text.find("NUMA node unknown ("), std::string::npos) << text;
  EXPECT_NE(text.find("speed unknown (read /sys/class/net/lo/speed: Invalid argument)"), std::string::npos) << text;
}

}  // namespace
}  // namespace commbench
