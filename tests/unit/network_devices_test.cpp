// topology/discovery/network_devices.hpp: InfiniBand ports and network interfaces from a sysfs tree.
#include "topology/discovery/network_devices.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fake_sysfs.hpp"

namespace commbench {
namespace {

// A physical network interface as sysfs shows one: class/net/<name> links to the net/<name>
// folder of its PCI device, and class/net/<name>/device to the PCI device itself.
void add_pci_interface(const FakeSysfs& sysfs, const std::string& name, const std::string& pci_device) {
  sysfs.link("class/net/" + name, pci_device + "/net/" + name);
  sysfs.link("class/net/" + name + "/device", pci_device);
}

// One HCA with two ports as a ConnectX-7 shows them: port 1 InfiniBand NDR, port 2 RoCE.
void add_two_port_hca(const FakeSysfs& sysfs) {
  sysfs.link("class/infiniband/mlx5_0", "devices/pci0000:00/0000:00:01.0/0000:01:00.0/infiniband/mlx5_0");
  sysfs.write("devices/pci0000:00/0000:00:01.0/0000:01:00.0/numa_node", "1\n");
  sysfs.link("class/infiniband/mlx5_0/device", "devices/pci0000:00/0000:00:01.0/0000:01:00.0");
  sysfs.write("class/infiniband/mlx5_0/ports/1/rate", "400 Gb/sec (4X NDR)\n");
  sysfs.write("class/infiniband/mlx5_0/ports/1/state", "4: ACTIVE\n");
  sysfs.write("class/infiniband/mlx5_0/ports/1/phys_state", "5: LinkUp\n");
  sysfs.write("class/infiniband/mlx5_0/ports/1/link_layer", "InfiniBand\n");
  sysfs.write("class/infiniband/mlx5_0/ports/2/rate", "100 Gb/sec (2X HDR)\n");
  sysfs.write("class/infiniband/mlx5_0/ports/2/state", "1: DOWN\n");
  sysfs.write("class/infiniband/mlx5_0/ports/2/phys_state", "3: Disabled\n");
  sysfs.write("class/infiniband/mlx5_0/ports/2/link_layer", "Ethernet\n");
}

TEST(NetworkDevices, InfinibandDeviceWithTwoPorts) {
  FakeSysfs sysfs;
  add_two_port_hca(sysfs);
  const NetworkDevices devices = discover_network_devices(sysfs.root());
  ASSERT_TRUE(devices.infiniband.state.present) << devices.infiniband.state.reason;
  ASSERT_EQ(devices.infiniband.devices.size(), 1u);
  const InfinibandDevice& hca = devices.infiniband.devices[0];
  EXPECT_EQ(hca.name, "mlx5_0");
  EXPECT_EQ(hca.numa_node, 1);
  ASSERT_EQ(hca.ports.size(), 2u);
  EXPECT_EQ(hca.ports[0].port, 1);
  EXPECT_EQ(hca.ports[0].rate, "400 Gb/sec (4X NDR)");
  EXPECT_DOUBLE_EQ(*hca.ports[0].rate_bytes_per_second, 50e9);
  EXPECT_EQ(hca.ports[0].state, "4: ACTIVE");
  EXPECT_EQ(hca.ports[0].physical_state, "5: LinkUp");
  EXPECT_EQ(hca.ports[0].link_layer, "InfiniBand");
  EXPECT_TRUE(hca.ports[0].unknown.empty());
  EXPECT_EQ(hca.ports[1].port, 2);
  EXPECT_EQ(hca.ports[1].state, "1: DOWN");
  EXPECT_EQ(hca.ports[1].link_layer, "Ethernet");
}

TEST(NetworkDevices, NoInfinibandClassIsAbsentWithTheReason) {
  FakeSysfs sysfs;
  sysfs.make_directory("class/net");
  const NetworkDevices devices = discover_network_devices(sysfs.root());
  EXPECT_FALSE(devices.infiniband.state.present);
  EXPECT_NE(devices.infiniband.state.reason.find("class/infiniband"), std::string::npos) << devices.infiniband.state.reason;
  EXPECT_TRUE(devices.infiniband.devices.empty());
}

TEST(NetworkDevices, UnknownNumaNodeIsNotMinusOne) {
  FakeSysfs sysfs;
  add_two_port_hca(sysfs);
  sysfs.write("devices/pci0000:00/0000:00:01.0/0000:01:00.0/numa_node", "-1\n");
  const NetworkDevices devices = discover_network_devices(sysfs.root());
  const InfinibandDevice& hca = devices.infiniband.devices.at(0);
  EXPECT_FALSE(hca.numa_node.has_value());
  EXPECT_NE(hca.unknown.at("numa_node").find("does not know"), std::string::npos);
}

TEST(NetworkDevices, PhysicalInterfaceWithSpeedMtuAndState) {
  FakeSysfs sysfs;
  add_pci_interface(sysfs, "eth0", "devices/pci0000:00/0000:00:03.0");
  sysfs.write("devices/pci0000:00/0000:00:03.0/numa_node", "0\n");
  sysfs.write("class/net/eth0/speed", "25000\n");
  sysfs.write("class/net/eth0/mtu", "9000\n");
  sysfs.write("class/net/eth0/operstate", "up\n");
  const NetworkDevices devices = discover_network_devices(sysfs.root());
  ASSERT_TRUE(devices.interfaces.state.present);
  ASSERT_EQ(devices.interfaces.devices.size(), 1u);
  const NetworkInterface& eth0 = devices.interfaces.devices[0];
  EXPECT_FALSE(eth0.is_virtual);
  EXPECT_DOUBLE_EQ(*eth0.speed_bytes_per_second, 25000 * 1e6 / 8);
  EXPECT_EQ(eth0.mtu, 9000);
  EXPECT_EQ(eth0.operstate, "up");
  EXPECT_EQ(eth0.numa_node, 0);
  EXPECT_TRUE(eth0.unknown.empty());
}

TEST(NetworkDevices, UnreadableSpeedIsUnknownWithReasonNotZero) {
  // The kernel answers EINVAL when reading speed of a down link; here the attribute is
  // missing (the test cannot make a regular file fail with EINVAL), and "-1" is what some
  // drivers write instead. Both must stay unknown, with the reason.
  FakeSysfs sysfs;
  add_pci_interface(sysfs, "eth1", "devices/pci0000:00/0000:00:04.0");
  sysfs.write("class/net/eth1/mtu", "1500\n");
  sysfs.write("class/net/eth1/operstate", "down\n");
  add_pci_interface(sysfs, "eth2", "devices/pci0000:00/0000:00:05.0");
  sysfs.write("class/net/eth2/speed", "-1\n");
  const NetworkDevices devices = discover_network_devices(sysfs.root());
  ASSERT_EQ(devices.interfaces.devices.size(), 2u);
  const NetworkInterface& eth1 = devices.interfaces.devices[0];
  EXPECT_FALSE(eth1.speed_bytes_per_second.has_value());
  EXPECT_NE(eth1.unknown.at("speed").find("eth1/speed"), std::string::npos) << eth1.unknown.at("speed");
  EXPECT_EQ(eth1.mtu, 1500);
  const NetworkInterface& eth2 = devices.interfaces.devices[1];
  EXPECT_FALSE(eth2.speed_bytes_per_second.has_value());
  EXPECT_NE(eth2.unknown.at("speed").find("-1"), std::string::npos) << eth2.unknown.at("speed");
  EXPECT_FALSE(eth2.mtu.has_value());
  EXPECT_EQ(eth2.unknown.count("mtu"), 1u);
}

TEST(NetworkDevices, LoopbackIsVirtual) {
  FakeSysfs sysfs;
  sysfs.link("class/net/lo", "devices/virtual/net/lo");
  sysfs.write("devices/virtual/net/lo/mtu", "65536\n");
  sysfs.write("devices/virtual/net/lo/operstate", "unknown\n");
  sysfs.write("class/net/bonding_masters", "\n");  // a file, not an interface
  const NetworkDevices devices = discover_network_devices(sysfs.root());
  ASSERT_EQ(devices.interfaces.devices.size(), 1u);
  const NetworkInterface& lo = devices.interfaces.devices[0];
  EXPECT_EQ(lo.name, "lo");
  EXPECT_TRUE(lo.is_virtual);
  EXPECT_EQ(lo.mtu, 65536);
  EXPECT_FALSE(lo.numa_node.has_value());
  EXPECT_FALSE(lo.speed_bytes_per_second.has_value());
}

TEST(NetworkDevices, LoopbackSpeedOnThisMachineIsUnknownNotInvented) {
  // The real kernel refuses to read lo's speed (EINVAL).
  const NetworkDevices devices = discover_network_devices();
  for (const NetworkInterface& device : devices.interfaces.devices) {
    if (device.name != "lo") continue;
    EXPECT_TRUE(device.is_virtual);
    EXPECT_FALSE(device.speed_bytes_per_second.has_value());
    EXPECT_EQ(device.unknown.count("speed"), 1u);
    return;
  }
  GTEST_SKIP() << "no lo interface visible";
}

TEST(InfinibandRate, ParsesTheGigabitFigure) {
  EXPECT_DOUBLE_EQ(*infiniband_rate_bytes_per_second("200 Gb/sec (4X HDR)"), 25e9);
  EXPECT_DOUBLE_EQ(*infiniband_rate_bytes_per_second("2.5 Gb/sec (1X SDR)"), 2.5e9 / 8);
  EXPECT_FALSE(infiniband_rate_bytes_per_second("unknown").has_value());
}

}  // namespace
}  // namespace commbench
