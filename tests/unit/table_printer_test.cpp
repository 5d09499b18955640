// reports/console/table_printer.hpp: the header the table writes when a run starts names the run, its
// hosts and, on GPUs, the CUDA and NCCL versions and each rank's device; a row's columns stay
// separated by whitespace, which scripts split on, whatever the length of the dtype's name.
#include "reports/console/table_printer.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "sample_results.hpp"

namespace commbench {
namespace {

using nlohmann::json;

RunMeta sample_meta() {
  RunMeta meta;
  meta.version = "0.3.0";
  meta.git_revision = "abc123";
  meta.backend = "nccl";
  meta.library_version = "NCCL 2.28.9";
  meta.world_size = 2;
  meta.hosts = {{"host1", "host1:boot-1", {0, 1}}};
  return meta;
}

DeviceMeta sample_devices() { return two_sample_h100s("host1", "host1", 1, "0000:2A:00.0"); }

const json kConfig = {{"iterations", 20}, {"timing", "per-iteration"}, {"warmup_iterations", 5},
                      {"check_iterations", 1}};

std::string header(const RunMeta& meta) {
  std::ostringstream out;
  TablePrinter printer(out);
  printer.run_started(meta, kConfig);
  return out.str();
}

TEST(TablePrinter, HeaderNamesTheRunAndItsHosts) {
  EXPECT_EQ(header(sample_meta()),
            "# commbench 0.3.0 (abc123), backend nccl, 2 ranks on 1 host\n"
            "# NCCL 2.28.9\n"
            "#  host host1: ranks 0,1\n"
            "# timing per-iteration, iterations 20, warm-up 5, check iterations 1\n");
}

TEST(TablePrinter, HeaderWithoutDevicesHasNoDeviceLines) {
  const std::string text = header(sample_meta());
  EXPECT_EQ(text.find("CUDA"), std::string::npos) << text;
  EXPECT_EQ(text.find("rank 0"), std::string::npos) << text;
}

TEST(TablePrinter, HeaderWithDevicesNamesTheVersionsAndEachRanksDevice) {
  RunMeta meta = sample_meta();
  meta.devices = sample_devices();
  EXPECT_EQ(header(meta),
            "# commbench 0.3.0 (abc123), backend nccl, 2 ranks on 1 host\n"
            "# NCCL 2.28.9\n"
            "#  host host1: ranks 0,1\n"
            "# CUDA runtime 13.0, driver 13.1, NCCL 2.28.9\n"
            "#  rank 0 on host1: device 0 NVIDIA H100 80GB HBM3, GPU-0f2a3b4c-1111-2222-3333-444455556666, "
            "bus 0000:18:00.0\n"
            "#  rank 1 on host1: device 1 NVIDIA H100 80GB HBM3, GPU-9e8d7c6b-aaaa-bbbb-cccc-ddddeeeeffff, "
            "bus 0000:2A:00.0\n"
            "# timing per-iteration, iterations 20, warm-up 5, check iterations 1\n");
}

TEST(TablePrinter, HeaderOfARunWithoutNcclLeavesNcclOut) {
  // The MPI backend on device memory: CUDA versions, no NCCL.
  RunMeta meta = sample_meta();
  meta.backend = "mpi";
  meta.devices = sample_devices();
  meta.devices->nccl_version.clear();
  const std::string text = header(meta);
  EXPECT_NE(text.find("# CUDA runtime 13.0, driver 13.1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find(", NCCL"), std::string::npos) << text;
}

std::vector<std::string> row_fields(const std::string& dtype) {
  std::ostringstream out;
  TablePrinter printer(out);
  Result result;
  result.collective = "allreduce";
  result.dtype = dtype;
  result.op = "sum";
  result.placement = "out-of-place";
  result.bytes = 1024;
  result.count = 1024;
  printer.case_finished({result});
  std::istringstream line(out.str());
  std::vector<std::string> fields;
  for (std::string field; line >> field;) fields.push_back(field);
  return fields;
}

TEST(TablePrinter, LongDtypeNamesStaySeparateFromTheCount) {
  for (const std::string dtype : {"float8_e4m3", "float8_e5m2", "bfloat16", "int8"}) {
    const std::vector<std::string> fields = row_fields(dtype);
    ASSERT_GE(fields.size(), 4u) << dtype;
    EXPECT_EQ(fields[0], "1024") << dtype;
    EXPECT_EQ(fields[1], "1024") << dtype;
    EXPECT_EQ(fields[2], dtype);
    EXPECT_EQ(fields[3], "sum") << dtype;
  }
}

TEST(TablePrinter, ShortDtypeNamesKeepTheirColumn) {
  // 12 characters of size, 14 of count, then the type right-aligned in 10.
  std::ostringstream out;
  TablePrinter printer(out);
  Result result;
  result.dtype = "float32";
  result.op = "sum";
  result.bytes = 1024;
  result.count = 256;
  printer.case_finished({result});
  EXPECT_EQ(out.str().substr(0, 36), "        1024           256   float32");
}

TEST(TablePrinter, ARunWithAFabricShowsThePredictionBesideEachPlacement) {
  std::ostringstream out;
  TablePrinter printer(out);
  json config = kConfig;
  config["placements"] = {"out-of-place"};
  config["fabric"] = "dgx-h100";
  printer.run_started(sample_meta(), config);
  printer.collective_started("allreduce, algorithm ring");
  Result row;
  row.bytes = 1048576;
  row.count = 262144;
  row.dtype = "float32";
  row.op = "sum";
  row.placement = "out-of-place";
  row.time_s = 200e-6;
  row.alg_bw = 5.24e9;
  row.bus_bw = 7.86e9;
  row.check_iterations = 1;
  row.prediction = ResultPrediction{"ring", false, 150e-6, 10.49e9, -0.25, 1e-6, 149e-6, 0};
  Result unpredicted = row;
  unpredicted.prediction.reset();
  printer.case_finished({row});
  printer.case_finished({unpredicted});
  const std::string text = out.str();
  EXPECT_NE(text.find("# Collective: allreduce, algorithm ring"), std::string::npos) << text;
  EXPECT_NE(text.find("#wrong     model  mbusbw   error"), std::string::npos) << text;
  EXPECT_NE(text.find("      (us)  (GB/s)     (%)"), std::string::npos) << text;
  EXPECT_NE(text.find("      0    150.00   10.49   -25.0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      0         -       -       -\n"), std::string::npos) << text;
}

TEST(TablePrinter, TheModelSummaryFollowsTheRun) {
  std::ostringstream out;
  TablePrinter printer(out);
  RunReport report;
  ModelReport& model = report.model.emplace();
  model.fabric_source = "fabric.json";
  model.shortfall_fraction = 0.8;
  model.accuracy = {{"allreduce", "native", "ring", 4, 0.125, 0.5, {{1048576, "in-place", "float32", "sum", 0.25}}},
                    {"allgather", "ring", "ring", 2, 0.05, 0.07, {}},
                    {"reducescatter", "native", "nvls/simple", 3, 0.02, 0.03, {}}};
  model.notes = {"the fabric has no reduction_bandwidth"};
  printer.run_finished(report);
  const std::string text = out.str();
  EXPECT_NE(text.find("# Model (fabric fabric.json)"), std::string::npos) << text;
  EXPECT_NE(text.find("#  allreduce native (modelled as ring, assumed library choice): median 12.5%, p90 50.0% over 4 rows; shortfall at "
                      "1048576 B in-place (25.0%)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#  allgather ring: median 5.0%, p90 7.0% over 2 rows; no shortfall\n"), std::string::npos) << text;
  // NCCL's rows say the algorithm and protocol its tuner is assumed to have picked.
  EXPECT_NE(text.find("#  reducescatter native (modelled as nvls/simple, assumed NCCL choice): median 2.0%"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#  note: the fabric has no reduction_bandwidth\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace commbench
