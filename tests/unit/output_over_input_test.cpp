// No output of a run may be one of its inputs (bench/run/output_over_input.hpp): the same file by
// name, through a symbolic link or a hard link is refused; distinct files and outputs not yet
// written are not.
#include "bench/run/output_over_input.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "temporary_directory.hpp"

namespace commbench {
namespace {

class OutputOverInput : public ::testing::Test {
 protected:
  void SetUp() override { std::ofstream(directory_.file("w.json")) << "{}"; }
  std::string problem(const Config& config) { return output_over_input_problem(config).value_or(""); }
  TemporaryDirectory directory_;
};

TEST_F(OutputOverInput, TheReportOverTheWorkloadIsRefusedNamingBothFlags) {
  Config config;
  add_input(config, "--workload", directory_.file("w.json"));
  config.report_path = directory_.file("w.json");
  EXPECT_EQ(problem(config), "-J/--json: '" + config.report_path + "' is the same file as --workload '" +
                                 directory_.file("w.json") +
                                 "', which this run reads: writing there would destroy it (accepted: an output path "
                                 "that is not an input of the run)");
}

TEST_F(OutputOverInput, ALinkToAnInputIsTheInput) {
  ASSERT_EQ(::symlink(directory_.file("w.json").c_str(), directory_.file("symbolic.json").c_str()), 0);
  ASSERT_EQ(::link(directory_.file("w.json").c_str(), directory_.file("hard.json").c_str()), 0);
  Config config;
  config.model.fabric = directory_.file("w.json");
  config.report_path = directory_.file("symbolic.json");
  EXPECT_NE(problem(config).find("-J/--json: '" + config.report_path + "' is the same file as --fabric"),
            std::string::npos);
  config.report_path = directory_.file("hard.json");
  EXPECT_NE(problem(config).find("is the same file as --fabric"), std::string::npos);
}

TEST_F(OutputOverInput, EveryOutputIsHeldAgainstEveryInput) {
  Config config;
  add_input(config, "the report input", directory_.file("a.json"));
  add_input(config, "the report input", directory_.file("w.json"));
  add_output(config, "--junit", directory_.file("w.json"));
  EXPECT_NE(problem(config).find("--junit: "), std::string::npos);
  EXPECT_NE(problem(config).find("the report input"), std::string::npos);
  Config other;
  add_input(other, "--spec", directory_.file("w.json"));
  add_output(other, "-o/--output", directory_.file("w.json"));
  EXPECT_NE(problem(other).find("-o/--output: "), std::string::npos);
  EXPECT_NE(problem(other).find("--spec"), std::string::npos);
}

TEST_F(OutputOverInput, AFabricWithSwitchesIsTheFileBeforeTheColon) {
  Config config;
  add_fabric_input(config, "--compare-fabric", directory_.file("w.json") + ":nvls=off");
  config.report_path = directory_.file("w.json");
  EXPECT_NE(problem(config).find("--compare-fabric"), std::string::npos);
}

TEST_F(OutputOverInput, DistinctFilesAndOutputsNotYetWrittenPass) {
  std::ofstream(directory_.file("old.json")) << "{}";
  Config config;
  add_input(config, "--workload", directory_.file("w.json"));
  add_input(config, "the file to fit", "resnet50");  // a name that is no file here
  config.report_path = directory_.file("old.json");
  EXPECT_EQ(output_over_input_problem(config), std::nullopt);
  config.report_path = directory_.file("new.json");
  EXPECT_EQ(output_over_input_problem(config), std::nullopt);
}

}  // namespace
}  // namespace commbench
