// bench/app/cli.hpp: nccl-tests' flags turned into a Config, and one-line usage errors that
// name the flag and what it accepts. parse_command_line takes argv without the program name.
#include "bench/app/cli.hpp"
#include "bench/commands/fabric/fabric_settings.hpp"
#include "bench/commands/fit/fit_settings.hpp"
#include "bench/commands/gradsync/gradsync_settings.hpp"
#include "bench/commands/linkcheck/linkcheck_settings.hpp"
#include "bench/commands/pipeline/pipeline_settings.hpp"
#include "bench/commands/reports/report_reading_settings.hpp"
#include "bench/sweep/sweep_flags.hpp"

#include "build_config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/run/usage_error.hpp"
#include "temporary_directory.hpp"

namespace commbench {
namespace {

namespace fs = std::filesystem;
using Args = std::vector<std::string>;

Config parse(const Args& arguments) {
  const ParsedCommandLine parsed = parse_command_line(arguments);
  if (!parsed.config) throw std::runtime_error("no config; message: " + parsed.message);
  return *parsed.config;
}

// The UsageError message for arguments, or "" (and a test failure) when none is thrown.
std::string usage_error(const Args& arguments) {
  try {
    parse_command_line(arguments);
  } catch (const UsageError& error) {
    return error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "not a UsageError: " << error.what();
    return "";
  }
  ADD_FAILURE() << "no UsageError";
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// --- defaults ---

TEST(ParseCommandLine, AllReduceDefaults) {
  const Config config = parse({"allreduce"});
  EXPECT_EQ(config.command, "allreduce");
  ASSERT_EQ(config.collectives.size(), 1u);
  EXPECT_EQ(config.collectives[0]->name(), "allreduce");
  EXPECT_EQ(config.backend, "mpi");
  EXPECT_EQ(config.min_bytes, 8u);
  EXPECT_EQ(config.max_bytes, 33554432u);  // 32M
  EXPECT_EQ(config.step_factor, 2u);
  EXPECT_EQ(config.step_bytes, 0u);
  ASSERT_TRUE(config.iterations.has_value());
  EXPECT_EQ(*config.iterations, 20u);
  EXPECT_EQ(config.warmup_iterations, 5u);
  EXPECT_EQ(config.check_iterations, 1u);
  EXPECT_EQ(config.dtypes, (std::vector<Dtype>{Dtype::float32}));
  EXPECT_EQ(config.ops, (std::vector<ReduceOp>{ReduceOp::sum}));
  EXPECT_EQ(config.roots, (std::vector<int>{0}));
  EXPECT_FALSE(config.all_roots);
  EXPECT_TRUE(config.out_of_place);
  EXPECT_TRUE(config.in_place);
  EXPECT_EQ(config.timing, TimingMode::per_iteration);
  EXPECT_DOUBLE_EQ(config.auto_budget_s, 1.0);
  EXPECT_DOUBLE_EQ(config.auto_precision, 0.01);
  EXPECT_EQ(config.avg_min_bytes, 1048576u);
  EXPECT_TRUE(config.report_path.empty());
  EXPECT_EQ(config.inject_corruption_rank, -1);
}

TEST(ParseCommandLine, EachCollectiveIsACommand) {
  for (const char* name : {"allreduce", "allgather", "reducescatter", "broadcast", "reduce", "alltoall", "sendrecv"}) {
    const Config config = parse({name});
    ASSERT_EQ(config.collectives.size(), 1u) << name;
    EXPECT_EQ(config.collectives[0]->name(), name);
  }
}

TEST(ParseCommandLine, AllRunsEverySevenCollectives) {
  const Config config = parse({"all"});
  EXPECT_EQ(config.command, "all");
  EXPECT_EQ(config.collectives.size(), 7u);
}

// --- nccl-tests' flags ---

TEST(ParseCommandLine, NcclTestsShortFlags) {
  TemporaryDirectory directory;
  const std::string report = directory.file("run.json");
  // reduce: the collective that takes both -o and -r.
  const Config config = parse({"reduce", "-b", "64K", "-e", "8G", "-f", "4", "-n", "50", "-w", "10", "-c", "0", "-d",
                               "float16", "-o", "max", "-r", "2", "-J", report});
  EXPECT_EQ(config.min_bytes, 65536u);
  EXPECT_EQ(config.max_bytes, 8589934592ULL);
  EXPECT_EQ(config.step_factor, 4u);
  EXPECT_EQ(config.iterations, std::optional<std::uint64_t>(50));
  EXPECT_EQ(config.warmup_iterations, 10u);
  EXPECT_EQ(config.check_iterations, 0u);
  EXPECT_EQ(config.dtypes, (std::vector<Dtype>{Dtype::float16}));
  EXPECT_EQ(config.ops, (std::vector<ReduceOp>{ReduceOp::max}));
  EXPECT_EQ(config.roots, (std::vector<int>{2}));
  EXPECT_EQ(config.report_path, report);
}

TEST(ParseCommandLine, LongFlags) {
  // reduce: the collective that takes both --op and --root.
  const Config config = parse({"reduce", "--minbytes", "1K", "--maxbytes", "1M", "--stepfactor", "8", "--iters", "7",
                               "--warmup_iters", "0", "--check", "3", "--datatype", "int8", "--op", "min", "--root",
                               "1"});
  EXPECT_EQ(config.min_bytes, 1024u);
  EXPECT_EQ(config.max_bytes, 1048576u);
  EXPECT_EQ(config.step_factor, 8u);
  EXPECT_EQ(config.iterations, std::optional<std::uint64_t>(7));
  EXPECT_EQ(config.warmup_iterations, 0u);
  EXPECT_EQ(config.check_iterations, 3u);
  EXPECT_EQ(config.dtypes, (std::vector<Dtype>{Dtype::int8}));
  EXPECT_EQ(config.ops, (std::vector<ReduceOp>{ReduceOp::min}));
  EXPECT_EQ(config.roots, (std::vector<int>{1}));
}

TEST(ParseCommandLine, StepBytesGivesAnAdditiveSweep) {
  EXPECT_EQ(parse({"allreduce", "-i", "1M"}).step_bytes, 1048576u);
  EXPECT_EQ(parse({"allreduce", "--stepbytes", "4096"}).step_bytes, 4096u);
}

TEST(ParseCommandLine, AutoIterationsLeaveTheCountEmpty) {
  EXPECT_FALSE(parse({"allreduce", "-n", "auto"}).iterations.has_value());
}

TEST(ParseCommandLine, AutoIterationsBudgetAndPrecision) {
  const Config config = parse({"allreduce", "-n", "auto", "--auto-budget", "2.5", "--auto-precision", "0.05"});
  EXPECT_DOUBLE_EQ(config.auto_budget_s, 2.5);
  EXPECT_DOUBLE_EQ(config.auto_precision, 0.05);
}

TEST(ParseCommandLine, AllDatatypesAreThoseOfTheMpiBackendWithoutFloat8) {
  // -d all means every dtype the backend supports; float8 types exist with nccl only.
  EXPECT_EQ(parse({"allreduce", "-d", "all"}).dtypes,
            (std::vector<Dtype>{Dtype::int8, Dtype::uint8, Dtype::int32, Dtype::uint32, Dtype::int64, Dtype::uint64,
                                Dtype::float16, Dtype::bfloat16, Dtype::float32, Dtype::float64}));
}

TEST(ParseCommandLine, CommaSeparatedDatatypesKeepTheirOrder) {
  EXPECT_EQ(parse({"allreduce", "-d", "bfloat16,int8,float64"}).dtypes,
            (std::vector<Dtype>{Dtype::bfloat16, Dtype::int8, Dtype::float64}));
  EXPECT_EQ(parse({"allreduce", "-d", "uint64,uint32"}).dtypes, (std::vector<Dtype>{Dtype::uint64, Dtype::uint32}));
}

TEST(ParseCommandLine, AllOpsAndCommaSeparatedOps) {
  EXPECT_EQ(parse({"allreduce", "-o", "all"}).ops,
            (std::vector<ReduceOp>{ReduceOp::sum, ReduceOp::prod, ReduceOp::min, ReduceOp::max, ReduceOp::avg}));
  EXPECT_EQ(parse({"allreduce", "-o", "min,avg"}).ops, (std::vector<ReduceOp>{ReduceOp::min, ReduceOp::avg}));
}

TEST(ParseCommandLine, TimingAndPlacement) {
  EXPECT_EQ(parse({"allreduce", "--timing", "back-to-back"}).timing, TimingMode::back_to_back);
  const Config in_place = parse({"allreduce", "--placement", "in-place"});
  EXPECT_TRUE(in_place.in_place);
  EXPECT_FALSE(in_place.out_of_place);
  const Config out_of_place = parse({"allreduce", "--placement", "out-of-place"});
  EXPECT_FALSE(out_of_place.in_place);
  EXPECT_TRUE(out_of_place.out_of_place);
}

TEST(ParseCommandLine, EqualMinimumAndMaximumAreAccepted) {
  const Config config = parse({"allreduce", "-b", "1M", "-e", "1M"});
  EXPECT_EQ(config.min_bytes, config.max_bytes);
}

// --- usage errors ---

TEST(UsageErrors, UnknownDatatypeNamesTheFlagAndTheAcceptedTypes) {
  const std::string message = usage_error({"allreduce", "-d", "float33"});
  EXPECT_TRUE(contains(message, "-d/--datatype")) << message;
  EXPECT_TRUE(contains(message, "float33")) << message;
  EXPECT_TRUE(contains(message, "float32")) << message;
  EXPECT_TRUE(contains(message, "bfloat16")) << message;
}

TEST(UsageErrors, UnknownDatatypeInsideAList) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "-d", "int8,half"}), "half"));
}

TEST(UsageErrors, UnknownOpNamesTheFlagAndTheAcceptedOps) {
  const std::string message = usage_error({"allreduce", "-o", "mean"});
  EXPECT_TRUE(contains(message, "-o/--op")) << message;
  EXPECT_TRUE(contains(message, "mean")) << message;
  EXPECT_TRUE(contains(message, "avg")) << message;
}

TEST(UsageErrors, MinimumAboveMaximum) {
  const std::string message = usage_error({"allreduce", "-b", "1M", "-e", "1K"});
  EXPECT_TRUE(contains(message, "-b/--minbytes")) << message;
  EXPECT_TRUE(contains(message, "-e/--maxbytes")) << message;
}

TEST(UsageErrors, SizeWithUnknownSuffix) {
  const std::string message = usage_error({"allreduce", "-b", "12Q"});
  EXPECT_TRUE(contains(message, "-b/--minbytes")) << message;
  EXPECT_TRUE(contains(message, "12Q")) << message;
  EXPECT_TRUE(contains(usage_error({"allreduce", "-e", "1.5M"}), "-e/--maxbytes"));
}

// Every size flag is held to the largest message size (checked_size.hpp), named in the
// message; the bound itself is accepted.
TEST(UsageErrors, SizesAboveTheLargestMessageAreRefusedByFlag) {
  const std::vector<Args> rows{{"all", "-b", "18446744073709551615", "-e", "18446744073709551615"},
                               {"allreduce", "-e", "1048577G"},
                               {"allreduce", "-i", "18446744073709551615"},
                               {"allreduce", "--avg-min-bytes", "2097152G"},
                               {"fabric", "-e", "18446744073709551615"},
                               {"linkcheck", "--bytes", "18446744073709551615"},
                               {"linkcheck", "--latency-bytes", "1125899906842625"},
                               {"pipeline", "--activation-bytes", "18446744073709551615"},
                               {"pipeline", "--sweep-activation-bytes", "1:18446744073709551615"},
                               {"predict", "allreduce", "--fabric", "dgx-h100", "-e", "18446744073709551615"}};
  const std::vector<std::string> flags{"-b/--minbytes", "-e/--maxbytes",  "-i/--stepbytes",
                                       "--avg-min-bytes", "-e/--maxbytes", "--bytes",
                                       "--latency-bytes", "--activation-bytes", "--sweep-activation-bytes",
                                       "-e/--maxbytes"};
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const std::string message = usage_error(rows[row]);
    EXPECT_TRUE(contains(message, flags[row])) << message;
    EXPECT_TRUE(contains(message, "at most 1048576G")) << message;
  }
  EXPECT_EQ(parse({"allreduce", "-b", "1048576G", "-e", "1048576G"}).max_bytes, 1ULL << 50);
  EXPECT_EQ(parse({"allreduce", "-e", "1125899906842624"}).max_bytes, 1ULL << 50);
}

TEST(UsageErrors, SweepsOfMoreThanAHundredThousandSizesAreRefused) {
  EXPECT_TRUE(contains(usage_error({"broadcast", "-b", "1", "-e", "1G", "-i", "1"}), "100000 sizes"));
  EXPECT_EQ(parse({"broadcast", "-b", "1", "-e", "99999", "-i", "1"}).step_bytes, 1u);
}

TEST(UsageErrors, IterationsAreBounded) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "-n", "18446744073709551615"}), "1000000"));
  EXPECT_TRUE(contains(usage_error({"linkcheck", "-n", "1000001"}), "1000000"));
  EXPECT_EQ(*parse({"allreduce", "-n", "1000000"}).iterations, 1000000u);
}

TEST(UsageErrors, ZeroMinimumSize) { EXPECT_TRUE(contains(usage_error({"allreduce", "-b", "0"}), "-b/--minbytes")); }

TEST(UsageErrors, ZeroIterations) {
  const std::string message = usage_error({"allreduce", "-n", "0"});
  EXPECT_TRUE(contains(message, "-n/--iters")) << message;
  EXPECT_TRUE(contains(message, "auto")) << message;
}

TEST(UsageErrors, IterationsAreWholeNumbers) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "-n", "1K"}), "-n/--iters"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-n", "ten"}), "-n/--iters"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-w", "2.5"}), "-w/--warmup_iters"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-c", "x"}), "-c/--check"));
}

TEST(UsageErrors, StepFactorOne) {
  const std::string message = usage_error({"allreduce", "-f", "1"});
  EXPECT_TRUE(contains(message, "-f/--stepfactor")) << message;
}

TEST(UsageErrors, ZeroStepBytes) { EXPECT_TRUE(contains(usage_error({"allreduce", "-i", "0"}), "-i/--stepbytes")); }

TEST(UsageErrors, NonNumericRoot) { EXPECT_TRUE(contains(usage_error({"broadcast", "-r", "first"}), "-r/--root")); }

TEST(UsageErrors, UnknownFlag) { usage_error({"allreduce", "--bogus"}); }

TEST(UsageErrors, UnknownCommandNamesItAndTheAcceptedCommands) {
  const std::string message = usage_error({"allreduse"});
  EXPECT_TRUE(contains(message, "allreduse")) << message;
  EXPECT_TRUE(contains(message, "allreduce")) << message;
  EXPECT_TRUE(contains(message, "sendrecv")) << message;
}

TEST(UsageErrors, NoCommandListsTheCommands) {
  const std::string message = usage_error({});
  EXPECT_TRUE(contains(message, "allreduce")) << message;
}

TEST(UsageErrors, FlagsWithoutCommand) { EXPECT_FALSE(usage_error({"-b", "8"}).empty()); }

TEST(UsageErrors, UnknownTimingMode) {
  const std::string message = usage_error({"allreduce", "--timing", "bogus"});
  EXPECT_TRUE(contains(message, "--timing")) << message;
  EXPECT_TRUE(contains(message, "per-iteration")) << message;
}

TEST(UsageErrors, UnknownPlacement) { EXPECT_TRUE(contains(usage_error({"allreduce", "--placement", "x"}), "--placement")); }

TEST(UsageErrors, AutoBudgetMustBePositive) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "--auto-budget", "0"}), "--auto-budget"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--auto-precision", "2"}), "--auto-precision"));
}

TEST(UsageErrors, UnknownBackend) {
  const std::string message = usage_error({"allreduce", "--backend", "gloo"});
  EXPECT_TRUE(contains(message, "--backend") && contains(message, "gloo") && contains(message, "mpi")) << message;
}

TEST(UsageErrors, GpuOptionsNeedTheNcclBackend) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "-G"}), "--backend nccl"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--nccl-register"}), "--backend nccl"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--device", ""}), "--device"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--backend", "nccl", "--device", "host"}), "nccl"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-d", "float8_e5m2"}), "--backend nccl"));
}

#if COMMBENCH_HAVE_NCCL
TEST(CommandLine, NcclOptionsAreRecorded) {
  const Config config = parse({"all", "--backend", "nccl", "-G", "--nccl-register", "-d", "all"});
  EXPECT_EQ(config.backend, "nccl");
  EXPECT_EQ(config.device, "cuda");
  EXPECT_TRUE(config.cuda_graph);
  EXPECT_TRUE(config.nccl_register);
  EXPECT_EQ(config.dtypes.size(), all_dtypes().size());  // float8 included with nccl
  EXPECT_EQ(config_to_json(config).at("device"), "cuda");
}
#else
TEST(UsageErrors, NcclIsNotInThisBuild) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "--backend", "nccl"}), "not available in this build"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--device", "cuda"}), "not available in this build"));
}
#endif

TEST(UsageErrors, EmptyReportPath) { EXPECT_TRUE(contains(usage_error({"allreduce", "-J", ""}), "-J/--json")); }

TEST(UsageErrors, EveryMessageIsOneLine) {
  const std::vector<Args> bad{
      {"allreduce", "-d", "float33"},
      {"allreduce", "-o", "mean"},
      {"allreduce", "-b", "1M", "-e", "1K"},
      {"allreduce", "-b", "12Q"},
      {"allreduce", "-n", "0"},
      {"allreduce", "-f", "1"},
      {"allreduce", "--bogus"},
      {"allreduce", "-b"},
      {"allreduce", "extra_word"},
      {"allreduse"},
      {},
      {"-b", "8"},
      {"allreduce", "--timing", "bogus"},
      {"allreduce", "--placement", "x"},
      {"allreduce", "--auto-budget", "-1"},
      {"allreduce", "-r", "first"},
      {"allreduce", "-J", ""},
      {"allreduce", "-o", "sum\nmax"},
      {"allreduce", "--timing", "\r\x1b[2K"},
      {"allreduce", "-b"},
  };
  for (const Args& arguments : bad) {
    std::string joined;
    for (const std::string& a : arguments) joined += a + " ";
    const std::string message = usage_error(arguments);
    EXPECT_FALSE(message.empty()) << joined;
    EXPECT_EQ(message.find('\n'), std::string::npos) << joined << "-> " << message;
  }
}

// --- --timeout ---

TEST(ParseCommandLine, TimeoutDefaultsToFiveMinutes) {
  EXPECT_DOUBLE_EQ(parse({"allreduce"}).timeout_s, 300.0);
}

TEST(ParseCommandLine, TimeoutAcceptsWholeAndFractionalSeconds) {
  EXPECT_DOUBLE_EQ(parse({"allreduce", "--timeout", "2"}).timeout_s, 2.0);
  EXPECT_DOUBLE_EQ(parse({"allreduce", "--timeout", "0.5"}).timeout_s, 0.5);
  EXPECT_DOUBLE_EQ(parse({"allreduce", "--timeout=45"}).timeout_s, 45.0);
  EXPECT_DOUBLE_EQ(parse({"allreduce", "--timeout", "604800"}).timeout_s, 604800.0);  // a week, the largest
}

TEST(UsageErrors, TimeoutMustBeAPositiveFiniteNumberOfAtMostAWeek) {
  for (const char* bad : {"0", "-1", "nan", "inf", "abc", "604801", "2s", "1e400"}) {
    const std::string message = usage_error({"allreduce", std::string("--timeout=") + bad});
    EXPECT_TRUE(contains(message, "--timeout")) << bad << " -> " << message;
    EXPECT_TRUE(contains(message, "accepted: a number >= 0.1 and <= 604800")) << bad << " -> " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << bad << " -> " << message;
  }
}

TEST(UsageErrors, TimeoutAsASeparateArgumentNamesTheFlagAndTheValue) {
  // As typed: "-1" after --timeout is its value, not an unknown flag.
  for (const char* bad : {"0", "-1"}) {
    const std::string message = usage_error({"allreduce", "--timeout", bad});
    EXPECT_TRUE(contains(message, "--timeout: '" + std::string(bad) + "' is not accepted")) << message;
  }
}

TEST(ParseCommandLine, TimeoutIsInTheHelp) {
  EXPECT_TRUE(contains(parse_command_line({"allreduce", "--help"}).message, "--timeout"));
}

// --- test-only fault injection: --inject-stall, --inject-build-label ---

TEST(ParseCommandLine, NoStallIsInjectedByDefault) {
  const Config config = parse({"allreduce"});
  EXPECT_FALSE(config.inject_stall.has_value());
  EXPECT_TRUE(config.inject_build_label.empty());
}

TEST(ParseCommandLine, InjectStallTakesRankAndCaseNumber) {
  const Config config = parse({"allreduce", "--inject-stall", "1:3"});
  ASSERT_TRUE(config.inject_stall.has_value());
  EXPECT_EQ(config.inject_stall->rank, 1);
  EXPECT_EQ(config.inject_stall->case_number, 3u);
  const Config first = parse({"allreduce", "--inject-stall", "0:1"});
  ASSERT_TRUE(first.inject_stall.has_value());
  EXPECT_EQ(first.inject_stall->rank, 0);
  EXPECT_EQ(first.inject_stall->case_number, 1u);
}

TEST(UsageErrors, InjectStallNeedsRankColonCaseNumberOfAtLeastOne) {
  for (const char* bad : {"1", "1:0", "x:1", ":", "1:", ":3", "1:x", "1:2:3", "1:3K", "-1:3", "4294967297:1"}) {
    const std::string message = usage_error({"allreduce", std::string("--inject-stall=") + bad});
    EXPECT_TRUE(contains(message, "--inject-stall")) << bad << " -> " << message;
    EXPECT_TRUE(contains(message, "RANK:CASE")) << bad << " -> " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << bad << " -> " << message;
  }
}

TEST(ParseCommandLine, InjectBuildLabelIsKept) {
  EXPECT_EQ(parse({"allreduce", "--inject-build-label", "other-build"}).inject_build_label, "other-build");
}

TEST(ParseCommandLine, FaultInjectionFlagsAreHiddenFromHelp) {
  const std::string help = parse_command_line({"allreduce", "--help"}).message;
  EXPECT_FALSE(contains(help, "--inject-stall")) << help;
  EXPECT_FALSE(contains(help, "--inject-build-label")) << help;
  EXPECT_FALSE(contains(help, "--inject-corruption")) << help;
}

TEST(ApplyWorldSize, InjectStallOnTheLastRankIsKept) {
  Config config = parse({"allreduce", "--inject-stall", "3:2"});
  apply_world_size(config, 4);
  ASSERT_TRUE(config.inject_stall.has_value());
  EXPECT_EQ(config.inject_stall->rank, 3);
}

TEST(ApplyWorldSize, InjectStallOutsideTheCommunicatorIsRejected) {
  Config config = parse({"allreduce", "--inject-stall", "4:2"});
  try {
    apply_world_size(config, 4);
    FAIL() << "no UsageError";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(contains(message, "--inject-stall")) << message;
    EXPECT_TRUE(contains(message, "0 to 3")) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

// --- --algo, --fabric, --shortfall ---

TEST(ParseCommandLine, AlgorithmsDefaultToNative) {
  EXPECT_EQ(parse({"allreduce"}).algorithms, (std::vector<std::string>{"native"}));
}

TEST(ParseCommandLine, AlgorithmListKeepsItsOrder) {
  EXPECT_EQ(parse({"allreduce", "--algo", "rabenseifner,native,ring"}).algorithms,
            (std::vector<std::string>{"rabenseifner", "native", "ring"}));
}

TEST(ParseCommandLine, AllAlgorithmsAreNativeAndEveryExplicitOne) {
  const std::vector<std::string> all = parse({"all", "--algo", "all"}).algorithms;
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front(), "native");
  for (const char* name : {"ring", "recursive-doubling", "rabenseifner", "binomial", "hierarchical"}) {
    EXPECT_NE(std::find(all.begin(), all.end(), name), all.end()) << name;
  }
}

TEST(ParseCommandLine, AllCollectivesTakeAnAlgorithmThatSomeOfThemHave) {
  EXPECT_EQ(parse({"all", "--algo", "binomial"}).algorithms, (std::vector<std::string>{"binomial"}));
}

TEST(UsageErrors, AlgorithmTheCollectiveLacksNamesTheOnesItHas) {
  const std::string message = usage_error({"broadcast", "--algo", "ring"});
  EXPECT_TRUE(contains(message, "--algo: broadcast has no algorithm 'ring'")) << message;
  EXPECT_TRUE(contains(message, "accepted for broadcast: native, binomial")) << message;
}

TEST(UsageErrors, UnknownAlgorithmListsTheAcceptedOnes) {
  const std::string message = usage_error({"allreduce", "--algo", "butterfly"});
  EXPECT_TRUE(contains(message, "unknown algorithm 'butterfly'")) << message;
  EXPECT_TRUE(contains(message, "recursive-doubling")) << message;
}

TEST(ParseCommandLine, FabricAndShortfallAreRecorded) {
  const Config config = parse({"allreduce", "--fabric", "dgx-h100", "--shortfall", "0.5"});
  EXPECT_EQ(config.model.fabric, "dgx-h100");
  EXPECT_EQ(config.model.shortfall_fraction, 0.5);
  const nlohmann::json json = config_to_json(config);
  EXPECT_EQ(json.at("fabric"), "dgx-h100");
  EXPECT_EQ(json.at("shortfall_fraction"), 0.5);
  EXPECT_EQ(json.at("algorithms"), (nlohmann::json{"native"}));
}

TEST(UsageErrors, ShortfallIsAFractionAndNeedsAFabric) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "--fabric", "x", "--shortfall", "0"}), "--shortfall"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--fabric", "x", "--shortfall", "1.01"}), "<= 1"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "--shortfall", "0.5"}), "needs --fabric"));
}

// --- config_to_json: what the report records and every rank's digest covers ---

TEST(ConfigToJson, RecordsTheTimeout) {
  EXPECT_EQ(config_to_json(parse({"allreduce"})).at("timeout_s"), 300.0);
  EXPECT_EQ(config_to_json(parse({"allreduce", "--timeout", "2.5"})).at("timeout_s"), 2.5);
}

TEST(ConfigToJson, RecordsAnInjectedStallOrNull) {
  EXPECT_TRUE(config_to_json(parse({"allreduce"})).at("inject_stall").is_null());
  EXPECT_EQ(config_to_json(parse({"allreduce", "--inject-stall", "1:3"})).at("inject_stall"),
            (nlohmann::json{{"rank", 1}, {"case_number", 3}}));
}

TEST(ConfigToJson, BuildLabelIsNotPartOfTheConfiguration) {
  // Ranks given different labels must agree on the configuration and differ only in build.
  EXPECT_EQ(config_to_json(parse({"allreduce", "--inject-build-label", "other"})), config_to_json(parse({"allreduce"})));
}

TEST(UsageErrors, MissingValueNamesTheFlag) {
  const std::string message = usage_error({"allreduce", "-b"});
  EXPECT_TRUE(contains(message, "-b/--minbytes: the value is missing")) << message;
}

TEST(UsageErrors, FlagBeforeTheCommand) {
  const std::string message = usage_error({"-b", "8", "allreduce"});
  EXPECT_TRUE(contains(message, "'-b' comes before the command")) << message;
}

TEST(UsageErrors, ListsRefuseRepeatsEmptyNamesAndAllInside) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "-d", "int8,float32,int8"}), "'int8' is listed twice"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-o", "sum,,max"}), "empty name"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-o", ","}), "empty name"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-d", "all,int8"}), "'all' stands alone"));
}

TEST(UsageErrors, ControlCharactersInAValueAreEscaped) {
  const std::string message = usage_error({"allreduce", "-o", "sum\nmax"});
  EXPECT_TRUE(contains(message, "'sum\\x0Amax'")) << message;
}

TEST(ParseCommandLine, ReportPathIsNotCheckedOnTheFileSystemHere) {
  // Rank 0 alone judges the path (report_path.hpp): other ranks may not see its directory.
  EXPECT_EQ(parse({"allreduce", "-J", "/nonexistent_commbench_directory/run.json"}).report_path,
            "/nonexistent_commbench_directory/run.json");
}

// --- help and version ---

TEST(ParseCommandLine, HelpReturnsTextAndNoConfig) {
  const ParsedCommandLine parsed = parse_command_line({"--help"});
  EXPECT_FALSE(parsed.config.has_value());
  EXPECT_FALSE(parsed.message.empty());
  EXPECT_TRUE(contains(parsed.message, "allreduce")) << parsed.message;
}

TEST(ParseCommandLine, CommandHelpReturnsTextAndNoConfig) {
  const ParsedCommandLine parsed = parse_command_line({"allreduce", "--help"});
  EXPECT_FALSE(parsed.config.has_value());
  EXPECT_TRUE(contains(parsed.message, "--minbytes")) << parsed.message;
}

TEST(ParseCommandLine, VersionReturnsTextAndNoConfig) {
  const ParsedCommandLine parsed = parse_command_line({"--version"});
  EXPECT_FALSE(parsed.config.has_value());
  EXPECT_TRUE(contains(parsed.message, "commbench")) << parsed.message;
}

// --- apply_world_size ---

TEST(ApplyWorldSize, RootInsideTheCommunicatorIsKept) {
  Config config = parse({"broadcast", "-r", "3"});
  apply_world_size(config, 4);
  EXPECT_EQ(config.roots, (std::vector<int>{3}));
}

TEST(ApplyWorldSize, RootEqualToTheWorldSizeIsRejected) {
  Config config = parse({"broadcast", "-r", "4"});
  try {
    apply_world_size(config, 4);
    FAIL() << "no UsageError";
  } catch (const UsageError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(contains(message, "-r/--root")) << message;
    EXPECT_TRUE(contains(message, "0 to 3")) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST(ApplyWorldSize, AllRootsExpandToEveryRank) {
  Config config = parse({"reduce", "-r", "all"});
  EXPECT_TRUE(config.all_roots);
  apply_world_size(config, 4);
  EXPECT_EQ(config.roots, (std::vector<int>{0, 1, 2, 3}));
}

TEST(ApplyWorldSize, AllRootsOnOneRank) {
  Config config = parse({"reduce", "-r", "all"});
  apply_world_size(config, 1);
  EXPECT_EQ(config.roots, (std::vector<int>{0}));
}

// The root and the --inject-corruption rank are refused beyond INT_MAX (rank_option,
// bench/run/flag_values.hpp), not narrowed: "-r 4294967296" once silently became root 0 and
// "-r 2147483648" root -2147483648, which apply_world_size accepted.
TEST(UsageErrors, RootTooLargeForAnIntIsRejectedNotWrapped) {
  for (const char* root : {"2147483648", "4294967296"}) {
    bool rejected = false;
    try {
      Config config = parse({"broadcast", "-r", root});
      apply_world_size(config, 4);
    } catch (const UsageError&) {
      rejected = true;
    }
    EXPECT_TRUE(rejected) << "-r " << root << " was accepted";
  }
}

TEST(UsageErrors, InjectCorruptionRankTooLargeForAnIntIsRejectedNotWrapped) {
  bool rejected = false;
  try {
    Config config = parse({"allreduce", "--inject-corruption", "4294967297"});  // wraps to rank 1
    apply_world_size(config, 4);
  } catch (const UsageError&) {
    rejected = true;
  }
  EXPECT_TRUE(rejected);
}

}  // namespace
}  // namespace commbench

namespace commbench {
namespace {

// --- topology, fabric, linkcheck ---

TEST(ParseCommandLine, TopologyTakesTheReportAndTheTimeout) {
  const Config config = parse({"topology", "-J", "topo.json", "--timeout", "30"});
  EXPECT_EQ(config.command, "topology");
  EXPECT_TRUE(config.collectives.empty());
  EXPECT_FALSE(is_sweep_command(config));
  EXPECT_EQ(config.report_path, "topo.json");
  EXPECT_EQ(config.timeout_s, 30);
  EXPECT_EQ(config_to_json(config).at("command"), "topology");
}

TEST(ParseCommandLine, LinkcheckDefaultsAndFlags) {
  const Config defaults = parse({"linkcheck"});
  EXPECT_EQ(defaults.settings<LinkcheckSettings>().bandwidth_bytes, 4u << 20);
  EXPECT_EQ(defaults.settings<LinkcheckSettings>().latency_bytes, 8u);
  EXPECT_EQ(defaults.settings<LinkcheckSettings>().outlier_fraction, 0.8);
  EXPECT_EQ(defaults.settings<LinkcheckSettings>().latency_factor, 2.0);
  EXPECT_FALSE(defaults.settings<LinkcheckSettings>().intra_host);
  ASSERT_TRUE(defaults.iterations.has_value());
  const Config config = parse({"linkcheck", "--bytes", "16M", "--latency-bytes", "64", "--outlier-fraction", "0.5",
                               "--latency-factor", "3", "--intra-host", "-n", "7", "-w", "2"});
  EXPECT_EQ(config.settings<LinkcheckSettings>().bandwidth_bytes, 16u << 20);
  EXPECT_EQ(config.settings<LinkcheckSettings>().latency_bytes, 64u);
  EXPECT_EQ(config.settings<LinkcheckSettings>().outlier_fraction, 0.5);
  EXPECT_EQ(config.settings<LinkcheckSettings>().latency_factor, 3.0);
  EXPECT_TRUE(config.settings<LinkcheckSettings>().intra_host);
  EXPECT_EQ(*config.iterations, 7u);
  EXPECT_EQ(config.warmup_iterations, 2u);
  const nlohmann::json recorded = config_to_json(config);
  EXPECT_EQ(recorded.at("bandwidth_bytes"), 16u << 20);
  EXPECT_EQ(recorded.at("intra_host"), true);
}

TEST(ParseCommandLine, FabricPresetWithNodes) {
  const Config config = parse({"fabric", "--preset", "dgx-h100", "--nodes", "16", "-J", "dgx.json"});
  EXPECT_EQ(config.settings<FabricSettings>().preset, "dgx-h100");
  EXPECT_EQ(config.settings<FabricSettings>().nodes, 16u);
  EXPECT_TRUE(config.settings<FabricSettings>().file.empty());
  const Config measured = parse({"fabric", "-b", "64", "-e", "1M", "-f", "4"});
  EXPECT_TRUE(measured.settings<FabricSettings>().preset.empty());
  EXPECT_EQ(measured.min_bytes, 64u);
  EXPECT_EQ(measured.max_bytes, 1u << 20);
  EXPECT_EQ(measured.step_factor, 4u);
}

TEST(ParseCommandLine, ToolCommandRefusals) {
  EXPECT_EQ(usage_error({"fabric", "--preset", "dgx-h900"}).rfind("--preset: unknown preset 'dgx-h900' (accepted: ", 0), 0u);
  EXPECT_TRUE(contains(usage_error({"fabric", "--nodes", "4"}), "needs --preset or --fabric"));
  EXPECT_TRUE(contains(usage_error({"fabric", "--preset", "dgx-a100", "--fabric", "f.json"}), "not both"));
  EXPECT_TRUE(contains(usage_error({"linkcheck", "--outlier-fraction", "1"}), "< 1"));
  EXPECT_TRUE(contains(usage_error({"linkcheck", "--latency-factor", "0.5"}), "> 1"));
  EXPECT_TRUE(contains(usage_error({"linkcheck", "--bytes", "0"}), "at least 1 byte"));
  // A sweep flag is not a linkcheck flag, and a missing value names the command's own flag.
  EXPECT_TRUE(contains(usage_error({"linkcheck", "-d", "float32"}), "-d"));
  EXPECT_TRUE(contains(usage_error({"linkcheck", "--bytes"}), "--bytes: the value is missing"));
  EXPECT_TRUE(contains(usage_error({"unknowncmd"}), "linkcheck"));
}

TEST(ParseCommandLine, FitTakesTheFileTheReportAndTheBootstrap) {
  const Config defaults = parse({"fit", "runs/r.json"});
  EXPECT_EQ(defaults.command, "fit");
  EXPECT_FALSE(is_sweep_command(defaults));
  EXPECT_EQ(defaults.settings<FitSettings>().input, "runs/r.json");
  EXPECT_EQ(defaults.settings<FitSettings>().bootstrap_resamples, 1000u);
  EXPECT_EQ(defaults.settings<FitSettings>().seed, 1u);
  EXPECT_TRUE(defaults.report_path.empty());
  const Config config = parse({"fit", "-J", "fitted.json", "r.json", "--bootstrap", "10", "--seed", "7"});
  EXPECT_EQ(config.settings<FitSettings>().input, "r.json");
  EXPECT_EQ(config.report_path, "fitted.json");
  EXPECT_EQ(config.settings<FitSettings>().bootstrap_resamples, 10u);
  EXPECT_EQ(parse({"fit", "r.json", "--bootstrap", "0"}).settings<FitSettings>().bootstrap_resamples, 0u);
  EXPECT_EQ(config.settings<FitSettings>().seed, 7u);
  const nlohmann::json recorded = config_to_json(config);
  EXPECT_EQ(recorded.at("command"), "fit");
  EXPECT_EQ(recorded.at("input"), "r.json");
  EXPECT_EQ(recorded.at("seed"), 7u);
  EXPECT_TRUE(contains(parse_command_line({"--help"}).message, "fit"));
  EXPECT_TRUE(contains(parse_command_line({"fit", "--help"}).message, "--bootstrap"));
}

TEST(ParseCommandLine, FitRefusals) {
  EXPECT_EQ(usage_error({"fit"}), "fit: the file to fit is missing (accepted: commbench fit FILE [-J FITTED.json], "
                                  "FILE a collectives report or a measured fabric)");
  EXPECT_TRUE(contains(usage_error({"fit", ""}), "fit: the file name is empty"));
  EXPECT_TRUE(contains(usage_error({"fit", "a.json", "b.json"}), "b.json"));
  EXPECT_TRUE(contains(usage_error({"fit", "a.json", "--bootstrap", "2000000"}), ">= 0 and <= 1000000"));
  EXPECT_TRUE(contains(usage_error({"fit", "a.json", "--bootstrap", "-1"}), "--bootstrap"));
  EXPECT_TRUE(contains(usage_error({"fit", "a.json", "--seed", "x"}), "--seed"));
  EXPECT_TRUE(contains(usage_error({"fit", "a.json", "-b", "8"}), "-b"));
}

// A pipeline step's compute per stage (micro-batches x (forward + backward)) is what a rank
// emulates each step: at most an hour (collectives/backend/emulated_compute_limit.hpp).
TEST(ParseCommandLine, PipelineStepComputeIsBoundedByAnHour) {
  const Config hour = parse({"pipeline", "--microbatches", "60", "--fwd-ms", "20000", "--bwd-ms", "40000"});
  EXPECT_EQ(hour.settings<PipelineSettings>().microbatches, 60);
  EXPECT_EQ(usage_error({"pipeline", "--microbatches", "61", "--fwd-ms", "20000", "--bwd-ms", "40000"}),
            "--microbatches, --fwd-ms and --bwd-ms: 61 micro-batches x (20000 + 40000 ms) make 3660 s of compute per "
            "stage and step (accepted: from 0 to 3600 s of compute per step: fewer micro-batches or shorter passes)");
  // A sweep is bounded by its largest count.
  EXPECT_TRUE(contains(usage_error({"pipeline", "--sweep-microbatches", "2:65536", "--fwd-ms", "100", "--bwd-ms",
                                    "100"}),
                       "65536 micro-batches"));
  EXPECT_NO_THROW(parse({"pipeline", "--sweep-microbatches", "2:16384", "--fwd-ms", "100", "--bwd-ms", "100"}));
}

// Each of --fwd-ms and --bwd-ms is at most an hour on the command line; their sum and a pass
// derived from the workload's backward fraction are held to the hour by gradsync itself
// (bad_inputs.py, implausible_figures).
TEST(ParseCommandLine, GradsyncComputeFlagsAreFiniteAndBounded) {
  for (const char* text : {"inf", "nan", "1e300", "3600001", "-1", "0x10"}) {
    EXPECT_TRUE(contains(usage_error({"gradsync", "--workload", "resnet50", "--fwd-ms", text}), "<= 3.6e+06"))
        << text;
  }
  EXPECT_DOUBLE_EQ(*parse({"gradsync", "--workload", "resnet50", "--bwd-ms", "3.6e6"}).settings<GradsyncSettings>().backward_s, 3600.0);
}

// --- issue 21: flags that cannot both hold, and numeric edges ---

// The message of the UsageError apply_world_size throws, or "" (and a test failure).
std::string world_size_error(const Args& arguments, int world_size) {
  Config config = parse(arguments);
  try {
    apply_world_size(config, world_size);
  } catch (const UsageError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no UsageError";
  return "";
}

TEST(ConflictingFlags, StepFactorAndStepBytesAreRefusedTogether) {
  EXPECT_EQ(usage_error({"allreduce", "-b", "8", "-e", "64", "-f", "4", "-i", "8"}),
            "-f/--stepfactor and -i/--stepbytes: give one of them, not both (accepted: -f FACTOR for sizes that "
            "multiply, or -i BYTES for sizes that add)");
  EXPECT_TRUE(contains(usage_error({"predict", "allreduce", "--fabric", "dgx-h100", "-f", "2", "-i", "8"}),
                       "-f/--stepfactor and -i/--stepbytes"));
  // Either alone is accepted, -f also at its default value typed out.
  EXPECT_EQ(parse({"allreduce", "-e", "64", "-i", "8"}).step_bytes, 8u);
  EXPECT_EQ(parse({"allreduce", "-f", "2"}).step_factor, 2u);
  // An empty -i was taken for no -i.
  EXPECT_TRUE(contains(usage_error({"allreduce", "-i", ""}), "-i/--stepbytes: '' is not a size"));
}

TEST(ConflictingFlags, AnEmptyValueIsNotTheFlagsAbsence) {
  for (const Args& arguments : std::vector<Args>{{"allreduce", "--fabric", ""},
                                                 {"gradsync", "--workload", "resnet50", "--fabric", ""},
                                                 {"pipeline", "--fabric", ""},
                                                 {"scaling", "--workload", "resnet50", "--fabric", ""},
                                                 {"fit", "r.json", "--fabric", ""},
                                                 {"fabric", "--fabric", ""}}) {
    const std::string message = usage_error(arguments);
    EXPECT_TRUE(contains(message, "--fabric: the value is empty (accepted: a fabric file")) << message;
  }
  EXPECT_TRUE(contains(usage_error({"fabric", "--preset", ""}), "--preset: the value is empty (accepted: aws-p5"));
  EXPECT_TRUE(contains(usage_error({"pipeline", "--sweep-microbatches", ""}), "--sweep-microbatches: '' is not"));
  EXPECT_TRUE(contains(usage_error({"pipeline", "--sweep-activation-bytes", ""}), "--sweep-activation-bytes: ''"));
}

TEST(ConflictingFlags, MeasurementFlagsWithADescribedFabricAreRefused) {
  for (const std::string flag : {"-b", "-e", "-f", "-n", "-w"}) {
    const std::string value = flag == "-f" ? "4" : "8";
    const std::string message = usage_error({"fabric", "--preset", "dgx-h100", flag, value});
    EXPECT_TRUE(contains(message, flag + "/")) << message;
    EXPECT_TRUE(contains(message, " and --preset: nothing is measured with --preset")) << message;
  }
  EXPECT_TRUE(contains(usage_error({"fabric", "--fabric", "f.json", "-e", "64"}),
                       "-e/--maxbytes and --fabric: nothing is measured with --fabric"));
  // Measuring takes them, and a preset takes --nodes and the common flags.
  EXPECT_EQ(parse({"fabric", "-b", "8", "-e", "64", "-n", "3"}).max_bytes, 64u);
  EXPECT_EQ(parse({"fabric", "--preset", "dgx-h100", "--nodes", "4", "--timeout", "10"}).settings<FabricSettings>().nodes, 4u);
}

TEST(ConflictingFlags, FlagsTheSweepWouldIgnoreAreRefused) {
  EXPECT_EQ(usage_error({"allreduce", "-n", "5", "--auto-budget", "2"}),
            "--auto-budget and -n/--iters 5: --auto-budget only steers -n auto and would be ignored (accepted: "
            "--auto-budget with -n auto)");
  EXPECT_TRUE(contains(usage_error({"allreduce", "--auto-precision", "0.1"}), "--auto-precision and -n/--iters 20"));
  EXPECT_DOUBLE_EQ(parse({"allreduce", "-n", "auto", "--auto-budget", "2"}).auto_budget_s, 2.0);
  EXPECT_TRUE(contains(usage_error({"allgather", "-o", "max"}), "-o/--op and allgather: allgather does not reduce"));
  EXPECT_TRUE(contains(usage_error({"sendrecv", "-o", "sum"}), "sendrecv does not reduce"));
  EXPECT_TRUE(contains(usage_error({"allreduce", "-r", "1"}), "-r/--root and allreduce: allreduce has no root"));
  EXPECT_TRUE(contains(usage_error({"alltoall", "-r", "all"}), "alltoall has no root"));
  // all has collectives that reduce and that have a root; reduce has both.
  EXPECT_NO_THROW(parse({"all", "-o", "max", "-r", "1"}));
  EXPECT_NO_THROW(parse({"reduce", "-o", "max", "-r", "1"}));
}

TEST(ConflictingFlags, PipelineSweepsAndTheValueTheySweep) {
  EXPECT_TRUE(contains(usage_error({"pipeline", "--microbatches", "8", "--sweep-microbatches", "2:8"}),
                       "--microbatches and --sweep-microbatches: give one of them, not both"));
  EXPECT_TRUE(contains(usage_error({"pipeline", "--activation-bytes", "1M", "--sweep-activation-bytes", "1K:4K"}),
                       "--activation-bytes and --sweep-activation-bytes: give one of them, not both"));
  EXPECT_EQ(parse({"pipeline", "--sweep-microbatches", "2:8"}).settings<PipelineSettings>().sweep, "microbatches");
}

TEST(ConflictingFlags, SeedWithoutResamples) {
  EXPECT_TRUE(contains(usage_error({"fit", "r.json", "--bootstrap", "0", "--seed", "3"}), "--seed and --bootstrap 0"));
  EXPECT_EQ(parse({"fit", "r.json", "--seed", "3"}).settings<FitSettings>().seed, 3u);
}

TEST(ConflictingFlags, ReportFormatThatContradictsTheOutputsEnding) {
  EXPECT_EQ(usage_error({"report", "r.json", "--format", "markdown", "-o", "r.html"}),
            "--format markdown and -o/--output 'r.html': the name's ending says html (accepted: a name ending in .md "
            "or .markdown, no --format, or --force-format to write markdown into it anyway)");
  EXPECT_TRUE(contains(usage_error({"report", "r.json", "--format", "html", "-o", "r.prom"}), "says prometheus"));
  EXPECT_TRUE(contains(usage_error({"report", "r.json", "--format", "prometheus", "-o", "r.md"}), "says markdown"));
  EXPECT_TRUE(contains(usage_error({"report", "r.json", "--force-format", "-o", "r.html"}),
                       "--force-format: needs --format"));
  EXPECT_EQ(parse({"report", "r.json", "--format", "markdown", "-o", "r.html", "--force-format"}).settings<ReportReadingSettings>().format,
            "markdown");
  // The same format, or a name whose ending names none, is not a contradiction.
  EXPECT_EQ(parse({"report", "r.json", "--format", "html", "-o", "r.htm"}).settings<ReportReadingSettings>().format, "html");
  EXPECT_EQ(parse({"report", "r.json", "--format", "markdown", "-o", "summary.txt"}).settings<ReportReadingSettings>().format, "markdown");
  EXPECT_TRUE(contains(parse_command_line({"report", "--help"}).message, "--force-format"));
}

TEST(ConflictingFlags, UnexpectedArgumentsAreNamedInTheOrderGiven) {
  EXPECT_EQ(usage_error({"allreduce", "-b", "8", "--", "-e", "64"}),
            "The following arguments were not expected: -e 64 (see commbench --help)");
  EXPECT_EQ(usage_error({"sendrecv", "x", "y", "z"}),
            "The following arguments were not expected: x y z (see commbench --help)");
  EXPECT_EQ(usage_error({"sendrecv", "extra_word"}),
            "The following argument was not expected: extra_word (see commbench --help)");
}

TEST(NumericEdges, IterationCountsAreBoundedAndTheRangeIsNamed) {
  EXPECT_EQ(usage_error({"sendrecv", "-n", "1", "-w", "18446744073709551615"}),
            "-w/--warmup_iters: '18446744073709551615' is not accepted (accepted: a whole number >= 0 and <= 1000000)");
  EXPECT_EQ(usage_error({"sendrecv", "-n", "1", "-c", "18446744073709551615"}),
            "-c/--check: '18446744073709551615' is not accepted (accepted: a whole number >= 0 and <= 1000000)");
  EXPECT_TRUE(contains(usage_error({"linkcheck", "-n", "18446744073709551615"}), ">= 1 and <= 1000000"));
  EXPECT_TRUE(contains(usage_error({"linkcheck", "-w", "1000001"}), "-w/--warmup_iters"));
  EXPECT_TRUE(contains(usage_error({"pipeline", "-w", "1000001"}), "<= 1000000"));
  EXPECT_TRUE(contains(usage_error({"gradsync", "--workload", "resnet50", "-w", "1000001"}), "<= 1000000"));
  const Config most = parse({"allreduce", "-w", "1000000", "-c", "1000000"});
  EXPECT_EQ(most.warmup_iterations, 1000000u);
  EXPECT_EQ(most.check_iterations, 1000000u);
}

TEST(NumericEdges, TimeoutHasALowerBound) {
  EXPECT_EQ(usage_error({"allreduce", "--timeout", "1e-9"}),
            "--timeout: '1e-9' is not accepted (accepted: a number >= 0.1 and <= 604800)");
  EXPECT_TRUE(contains(usage_error({"report", "r.json", "--timeout", "0.09"}), ">= 0.1"));
  EXPECT_DOUBLE_EQ(parse({"allreduce", "--timeout", "0.1"}).timeout_s, 0.1);
}

TEST(NumericEdges, StepFactorNodesAndCountsHaveTheirRanges) {
  EXPECT_TRUE(contains(usage_error({"allreduce", "-f", "1048577"}), ">= 2 and <= 1048576"));
  EXPECT_EQ(parse({"allreduce", "-f", "1048576"}).step_factor, 1048576u);
  EXPECT_TRUE(contains(usage_error({"fabric", "--preset", "dgx-h100", "--nodes", "16777217"}),
                       "--nodes: '16777217' is not accepted (accepted: a whole number >= 1 and <= 16777216)"));
  EXPECT_TRUE(contains(usage_error({"predict", "allreduce", "--fabric", "dgx-h100", "--gpus-per-node",
                                    "18446744073709551615"}),
                       "<= 16777216"));
  EXPECT_TRUE(contains(usage_error({"pipeline", "--stages", "65537"}), ">= 2 and <= 65536"));
  EXPECT_TRUE(contains(usage_error({"plan", "--workload", "resnet50", "--fabric", "dgx-h100", "--global-batch",
                                    "18446744073709551616"}),
                       "<= 18446744073709551615"));
  EXPECT_TRUE(contains(usage_error({"fit", "r.json", "--seed", "-1"}), ">= 0 and <= 18446744073709551615"));
}

TEST(NumericEdges, TheCasesOfASweepAreBounded) {
  // 99999 sizes x 2 placements x 10 dtypes x 5 ops (where they apply) over the 7 collectives.
  const std::string message =
      world_size_error({"all", "-b", "1", "-e", "99999", "-i", "1", "-d", "all", "-o", "all"}, 2);
  EXPECT_TRUE(contains(message, "the sweep plans ")) << message;
  EXPECT_TRUE(contains(message, " cases on 2 ranks, more than the largest sweep accepted, 1000000 cases")) << message;
  // -r all multiplies by the ranks: known only with the rank count. int8: every size is its
  // own message (float32 would give one message per 4 sizes).
  const Args rooted{"broadcast", "-r", "all", "-b", "1", "-e", "49999", "-i", "1", "-d", "int8", "--placement",
                    "in-place"};
  Config roots = parse(rooted);
  EXPECT_NO_THROW(apply_world_size(roots, 20));  // 49999 x 20 = 999980 cases
  EXPECT_TRUE(contains(world_size_error(rooted, 21), "plans 1049979 cases on 21 ranks"));
  // The sizes alone: 99999 x 2 placements is within the bound.
  Config sizes = parse({"allreduce", "-b", "1", "-e", "99999", "-i", "1"});
  EXPECT_NO_THROW(apply_world_size(sizes, 2));
}

// Each command's flags name the files its run reads and writes, so that no output is written
// over an input (bench/run/output_over_input.hpp); --fabric and -J are Config's own.
TEST(ParseCommandLine, CommandsNameTheFilesTheyReadAndWrite) {
  const auto pairs = [](const std::vector<NamedPath>& paths) {
    std::vector<std::string> text;
    for (const NamedPath& path : paths) text.push_back(path.flag + "=" + path.path);
    return text;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(pairs(parse({"gradsync", "--workload", "w.json"}).inputs), Names{"--workload=w.json"});
  EXPECT_EQ(pairs(parse({"plan", "--workload", "w.json", "--fabric", "f.json", "--compare-fabric", "g.json:nvls=off"})
                      .inputs),
            (Names{"--workload=w.json", "--compare-fabric=g.json:nvls=off", "--compare-fabric=g.json"}));
  const Config gate = parse({"gate", "--spec", "s.json", "a.json", "b.json", "--junit", "g.xml"});
  EXPECT_EQ(pairs(gate.inputs), (Names{"--spec=s.json", "the report input=a.json", "the report input=b.json"}));
  EXPECT_EQ(pairs(gate.outputs), Names{"--junit=g.xml"});
  EXPECT_EQ(pairs(parse({"report", "a.json", "-o", "a.html"}).outputs), Names{"-o/--output=a.html"});
  EXPECT_EQ(pairs(parse({"fit", "r.json", "--fabric", "f.json"}).inputs),
            (Names{"--fabric=f.json", "the file to fit=r.json"}));
  EXPECT_EQ(pairs(parse({"fabric", "--fabric", "f.json"}).inputs), Names{"--fabric=f.json"});
  EXPECT_TRUE(parse({"allreduce"}).inputs.empty());
}

}  // namespace
}  // namespace commbench
