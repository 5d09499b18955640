// topology/discovery/gpu_links.hpp: nvidia-smi topo -m parsing on real outputs (data/nvidia_smi_topo,
// sources in SOURCES.md) and the sysfs classification on a fake PCI tree.
#include "topology/discovery/gpu_links.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fake_sysfs.hpp"

namespace commbench {
namespace {

std::string sample(const std::string& name) {
  std::ifstream file(std::string(COMMBENCH_TEST_DATA_DIR) + "/nvidia_smi_topo/" + name);
  std::ostringstream text;
  text << file.rdbuf();
  if (text.str().empty()) throw std::runtime_error("missing test data " + name);
  return text.str();
}

const DeviceLink& link_between(const GpuLinks& links, const std::string& a, const std::string& b) {
  for (const DeviceLink& link : links.gpu_links)
    if ((link.from == a && link.to == b) || (link.from == b && link.to == a)) return link;
  for (const DeviceLink& link : links.gpu_nic_links)
    if (link.from == a && link.to == b) return link;
  throw std::runtime_error("no link " + a + "-" + b);
}

TEST(NvidiaSmiTopology, DgxH100IsAllNvlink18) {
  const GpuLinks links = parse_nvidia_smi_topology(sample("dgx_h100_nv18.txt"));
  ASSERT_TRUE(links.state.present) << links.state.reason;
  EXPECT_EQ(links.source, "nvidia-smi topo -m");
  EXPECT_EQ(links.nvlink, "seen by nvidia-smi");
  EXPECT_EQ(links.gpus.size(), 8u);
  ASSERT_EQ(links.gpu_links.size(), 28u);  // 8 choose 2
  for (const DeviceLink& link : links.gpu_links) {
    EXPECT_EQ(link.code, "NV18");
    EXPECT_EQ(link.kind, "nvlink");
    EXPECT_EQ(link.nvlink_count, 18);
  }
  EXPECT_TRUE(links.gpu_nic_links.empty());
  ASSERT_EQ(links.gpu_affinity.size(), 8u);
  EXPECT_EQ(links.gpu_affinity[0].cpu_affinity, "0-51");
  EXPECT_EQ(links.gpu_affinity[0].numa_affinity, "0");
  EXPECT_EQ(links.gpu_affinity[7].cpu_affinity, "52-103");
  EXPECT_EQ(links.gpu_affinity[7].numa_affinity, "1");
}

TEST(NvidiaSmiTopology, PcieBoxWithNicRowsAndGpuNumaIdColumn) {
  const GpuLinks links = parse_nvidia_smi_topology(sample("rtx4090x8_two_nics.txt"));
  ASSERT_TRUE(links.state.present) << links.state.reason;
  EXPECT_EQ(links.gpus.size(), 8u);
  EXPECT_EQ(links.gpu_links.size(), 28u);
  EXPECT_EQ(link_between(links, "GPU0", "GPU7").kind, "cross-socket");
  EXPECT_EQ(link_between(links, "GPU0", "GPU7").code, "SYS");
  EXPECT_FALSE(link_between(links, "GPU0", "GPU7").nvlink_count.has_value());
  // NICs are recorded as GPU-to-NIC links, not as GPUs.
  ASSERT_EQ(links.gpu_nic_links.size(), 16u);
  EXPECT_EQ(link_between(links, "GPU6", "NIC0").kind, "host-bridge");
  EXPECT_EQ(link_between(links, "GPU6", "NIC1").code, "PHB");
  EXPECT_EQ(link_between(links, "GPU5", "NIC0").kind, "cross-socket");
  EXPECT_EQ(links.gpu_affinity[4].cpu_affinity, "56-111,168-223");
  EXPECT_EQ(links.gpu_affinity[4].numa_affinity, "1");
  EXPECT_EQ(links.gpu_affinity[4].gpu_numa_id, "N/A");
}

TEST(NvidiaSmiTopology, TwoGpusUnderOneHostBridgeWithTheLegend) {
  const GpuLinks links = parse_nvidia_smi_topology(sample("rtx5090x2_phb.txt"));
  ASSERT_TRUE(links.state.present) << links.state.reason;
  ASSERT_EQ(links.gpu_links.size(), 1u);
  EXPECT_EQ(links.gpu_links[0].from, "GPU0");
  EXPECT_EQ(links.gpu_links[0].to, "GPU1");
  EXPECT_EQ(links.gpu_links[0].kind, "host-bridge");
  EXPECT_EQ(links.gpu_affinity[1].cpu_affinity, "0-63");
}

TEST(NvidiaSmiTopology, SwitchNodeCodesAndNicLegend) {
  // Constructed (not a real output): the codes and the NIC legend the samples above lack,
  // laid out as current drivers print them, with colour escapes around one cell.
  const std::string text =
      "\tGPU0\tGPU1\tGPU2\tGPU3\tNIC0\tCPU Affinity\tNUMA Affinity\tGPU NUMA ID\n"
      "GPU0\t X \tPIX\tNODE\tSOC\tPXB\t0-15\t0\t\tN/A\n"
      "GPU1\tPIX\t X \tNODE\tSYS\tPXB\t0-15\t0\t\tN/A\n"
      "GPU2\tNODE\tNODE\t X \tSYS\tNODE\t0-15\t0\t\tN/A\n"
      "GPU3\tSOC\tSYS\tSYS\t X \t\x1b[1mSYS\x1b[0m\t16-31\t1\t\tN/A\n"
      "NIC0\tPXB\tPXB\tNODE\tSYS\t X \n\n"
      "Legend:\n\n  X    = Self\n  NV#  = Connection traversing a bonded set of # NVLinks\n\n"
      "NIC Legend:\n\n  NIC0: mlx5_0\n";
  const GpuLinks links = parse_nvidia_smi_topology(text);
  ASSERT_TRUE(links.state.present) << links.state.reason;
  EXPECT_EQ(link_between(links, "GPU0", "GPU1").kind, "pcie-switch");
  EXPECT_EQ(link_between(links, "GPU0", "GPU1").code, "PIX");
  EXPECT_EQ(link_between(links, "GPU0", "GPU2").kind, "same-numa-node");
  EXPECT_EQ(link_between(links, "GPU0", "GPU3").kind, "cross-socket");  // SOC: older drivers' SYS
  EXPECT_EQ(link_between(links, "GPU0", "NIC0").code, "PXB");
  EXPECT_EQ(link_between(links, "GPU0", "NIC0").kind, "pcie-switch");
  EXPECT_EQ(link_between(links, "GPU3", "NIC0").code, "SYS");
  EXPECT_EQ(links.nic_names.at("NIC0"), "mlx5_0");
}

TEST(NvidiaSmiTopology, TextWithoutMatrixIsAbsentWithTheReason) {
  const GpuLinks links = parse_nvidia_smi_topology("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n");
  EXPECT_FALSE(links.state.present);
  EXPECT_NE(links.state.reason.find("GPU0"), std::string::npos);
}

TEST(NvidiaSmiTopology, RowWithTooFewCellsIsRefused) {
  const GpuLinks links = parse_nvidia_smi_topology("\tGPU0\tGPU1\tCPU Affinity\nGPU0\t X \tPHB\t0-7\nGPU1\tPHB\n");
  EXPECT_FALSE(links.state.present);
  EXPECT_NE(links.state.reason.find("GPU1"), std::string::npos) << links.state.reason;
}

TEST(NvidiaSmiBusIds, DomainShortenedToCudasSpelling) {
  const auto ids = parse_nvidia_smi_bus_ids("0, 00000000:18:00.0\n1, 00000000:2a:00.0\n");
  EXPECT_EQ(ids.at("GPU0"), "0000:18:00.0");
  EXPECT_EQ(ids.at("GPU1"), "0000:2A:00.0");
}

// A two-socket machine: host bridge pci0000:00 (NUMA 0) has a root port with a PCIe switch
// (upstream port 0000:01:00.0, downstream ports 0000:02:00.0 / 0000:02:01.0 / 0000:02:02.0)
// holding GPU0 and GPU1 directly, and GPU2 behind a second switch level; another root port
// holds GPU3. Host bridge pci0000:40 (NUMA 0) holds GPU4, pci0000:80 (NUMA 1) holds GPU5.
class SysfsGpuLinks : public ::testing::Test {
 protected:
  void SetUp() override {
    add("0000:03:00.0", "pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:00.0/0000:03:00.0");
    add("0000:04:00.0", "pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:01.0/0000:04:00.0");
    add("0000:07:00.0", "pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:02.0/0000:05:00.0/0000:06:00.0/0000:07:00.0");
    add("0000:10:00.0", "pci0000:00/0000:00:03.0/0000:10:00.0");
    add("0000:41:00.0", "pci0000:40/0000:40:01.0/0000:41:00.0");
    add("0000:81:00.0", "pci0000:80/0000:80:01.0/0000:81:00.0");
    gpus_ = {{"GPU0", "0000:03:00.0", 0}, {"GPU1", "0000:04:00.0", 0}, {"GPU2", "0000:07:00.0", 0},
             {"GPU3", "0000:10:00.0", 0}, {"GPU4", "0000:41:00.0", 0}, {"GPU5", "0000:81:00.0", 1}};
  }
  void add(const std::string& bus_id, const std::string& device_path) {
    sysfs_.link("bus/pci/devices/" + bus_id, "devices/" + device_path);
  }

  FakeSysfs sysfs_;
  std::vector<GpuPciLocation> gpus_;
};

TEST_F(SysfsGpuLinks, ClassifiesEachPairFromThePciTree) {
  const GpuLinks links = classify_gpu_links_from_sysfs(gpus_, sysfs_.root());
  ASSERT_TRUE(links.state.present);
  EXPECT_EQ(links.source, "sysfs");
  EXPECT_EQ(links.nvlink, "unknown from sysfs");
  EXPECT_EQ(links.gpu_links.size(), 15u);
  EXPECT_EQ(link_between(links, "GPU0", "GPU1").code, "PIX");
  EXPECT_EQ(link_between(links, "GPU0", "GPU1").kind, "pcie-switch");
  EXPECT_EQ(link_between(links, "GPU0", "GPU2").code, "PXB");
  EXPECT_EQ(link_between(links, "GPU0", "GPU2").kind, "pcie-switch");
  EXPECT_EQ(link_between(links, "GPU0", "GPU3").code, "PHB");
  EXPECT_EQ(link_between(links, "GPU0", "GPU3").kind, "host-bridge");
  EXPECT_EQ(link_between(links, "GPU0", "GPU4").code, "NODE");
  EXPECT_EQ(link_between(links, "GPU0", "GPU4").kind, "same-numa-node");
  EXPECT_EQ(link_between(links, "GPU0", "GPU5").code, "SYS");
  EXPECT_EQ(link_between(links, "GPU0", "GPU5").kind, "cross-socket");
  for (const DeviceLink& link : links.gpu_links) EXPECT_FALSE(link.nvlink_count.has_value());
}

TEST_F(SysfsGpuLinks, UnknownNumaAcrossHostBridgesIsUnknownNotGuessed) {
  gpus_[5].numa_node.reset();
  const GpuLinks links = classify_gpu_links_from_sysfs(gpus_, sysfs_.root());
  const DeviceLink& link = link_between(links, "GPU0", "GPU5");
  EXPECT_EQ(link.kind, "unknown");
  EXPECT_NE(link.reason.find("NUMA node unknown"), std::string::npos) << link.reason;
}

TEST_F(SysfsGpuLinks, MissingPciDeviceIsUnknownWithThePath) {
  gpus_.push_back({"GPU6", "0000:99:00.0", 0});
  const GpuLinks links = classify_gpu_links_from_sysfs(gpus_, sysfs_.root());
  const DeviceLink& link = link_between(links, "GPU0", "GPU6");
  EXPECT_EQ(link.kind, "unknown");
  EXPECT_NE(link.reason.find("0000:99:00.0"), std::string::npos) << link.reason;
}

TEST_F(SysfsGpuLinks, BusIdsAreMatchedInLowerCase) {
  // CUDA writes bus ids in upper case; sysfs names them in lower case.
  add("0000:9a:00.0", "pci0000:80/0000:80:02.0/0000:9a:00.0");
  const GpuLinks links = classify_gpu_links_from_sysfs({{"GPU0", "0000:81:00.0", 1}, {"GPU1", "0000:9A:00.0", 1}}, sysfs_.root());
  EXPECT_EQ(links.gpu_links.at(0).code, "PHB");
}

TEST(DiscoverGpuLinks, FewerThanTwoGpusIsAbsent) {
  EXPECT_EQ(discover_gpu_links({}).state.reason, "no GPU");
  const GpuLinks one = discover_gpu_links({{"GPU0", "0000:03:00.0", 0}});
  EXPECT_FALSE(one.state.present);
  EXPECT_EQ(one.state.reason, "fewer than 2 GPUs");
}

TEST(LinkKind, NvidiaSmiCodes) {
  EXPECT_EQ(link_kind_of_code("NV4"), "nvlink");
  EXPECT_EQ(link_kind_of_code("PIX"), "pcie-switch");
  EXPECT_EQ(link_kind_of_code("PXB"), "pcie-switch");
  EXPECT_EQ(link_kind_of_code("PHB"), "host-bridge");
  EXPECT_EQ(link_kind_of_code("NODE"), "same-numa-node");
  EXPECT_EQ(link_kind_of_code("SYS"), "cross-socket");
  EXPECT_EQ(link_kind_of_code("NV"), "unknown");
  EXPECT_EQ(link_kind_of_code("X"), "unknown");
}

}  // namespace
}  // namespace commbench
