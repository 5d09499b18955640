// bench/run/run_environment.hpp: the report records the environment variables that shape
// communication, and nothing else (no home directories, no paths, no secrets).
#include "bench/run/run_environment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace commbench {
namespace {

using Environment = std::map<std::string, std::string>;

TEST(FilterEnvironment, KeepsCommunicationPrefixes) {
  const Environment kept = filter_environment(
      {"NCCL_DEBUG=INFO", "OMPI_COMM_WORLD_RANK=3", "UCX_TLS=rc,sm", "CUDA_VISIBLE_DEVICES=0,1"});
  EXPECT_EQ(kept, (Environment{{"NCCL_DEBUG", "INFO"},
                               {"OMPI_COMM_WORLD_RANK", "3"},
                               {"UCX_TLS", "rc,sm"},
                               {"CUDA_VISIBLE_DEVICES", "0,1"}}));
}

TEST(FilterEnvironment, KeepsSlurmJobAndStepIds) {
  const Environment kept = filter_environment({"SLURM_JOB_ID=1234", "SLURM_STEP_ID=0"});
  EXPECT_EQ(kept, (Environment{{"SLURM_JOB_ID", "1234"}, {"SLURM_STEP_ID", "0"}}));
}

TEST(FilterEnvironment, DropsEverythingElse) {
  const Environment kept = filter_environment({"HOME=/root", "PATH=/usr/bin:/bin", "SLURM_NODELIST=node[01-04]",
                                               "AWS_SECRET_ACCESS_KEY=abc", "USER=me", "LD_LIBRARY_PATH=/opt"});
  EXPECT_TRUE(kept.empty());
}

TEST(FilterEnvironment, DropsSecretLookingNamesEvenWithAKeptPrefix) {
  const Environment kept = filter_environment({"NCCL_SOME_TOKEN=xyz", "UCX_PASSWORD=p", "OMPI_MCA_secret_key=s",
                                               "CUDA_CREDENTIALS=c", "NCCL_IB_HCA=mlx5_0"});
  EXPECT_EQ(kept, (Environment{{"NCCL_IB_HCA", "mlx5_0"}}));
}

TEST(FilterEnvironment, DropsKeysJwtsAuthAndCookiesWithAKeptPrefix) {
  const Environment kept = filter_environment(
      {"NCCL_API_KEY=a", "UCX_PRIVATE_KEY=b", "CUDA_CI_JOB_JWT=c", "OMPI_MCA_munge_cookie=d", "NCCL_SSH_AUTH_SOCK=e",
       "UCX_SESSION_KEY=f", "OMPI_MCA_my_apikey=g", "NCCL_PASSPHRASE=h", "CUDA_KEY=i", "NCCL_PASS=j",
       "OMPI_MCA_request_signature=k", "NCCL_Private_Thing=l", "NCCL_NET_PLUGIN=libnccl-net.so"});
  EXPECT_EQ(kept, (Environment{{"NCCL_NET_PLUGIN", "libnccl-net.so"}}));
}

TEST(FilterEnvironment, KeyPassAndSignatureCountOnlyAsWholeWords) {
  // An InfiniBand partition key and similar settings are not secrets.
  const Environment kept = filter_environment(
      {"NCCL_IB_PKEY=0x8001", "UCX_IB_KEYS=2", "NCCL_KEYVAL=x", "NCCL_BYPASS=1", "OMPI_MCA_passive_target=1",
       "NCCL_SIGNATURES_OFF=1"});
  EXPECT_EQ(kept.size(), 6U);
}

TEST(FilterEnvironment, PrefixMustStartTheName) {
  EXPECT_TRUE(filter_environment({"MY_NCCL_DEBUG=INFO", "XCUDA_HOME=/x"}).empty());
}

TEST(FilterEnvironment, EntriesWithoutEqualsSignAreIgnored) {
  EXPECT_TRUE(filter_environment({"NCCL_DEBUG", "", "SLURM_JOB_ID"}).empty());
}

TEST(FilterEnvironment, ValueMayContainEqualsSignsOrBeEmpty) {
  const Environment kept = filter_environment({"NCCL_ALGO=allreduce:ring=1", "NCCL_EMPTY="});
  EXPECT_EQ(kept, (Environment{{"NCCL_ALGO", "allreduce:ring=1"}, {"NCCL_EMPTY", ""}}));
}

}  // namespace
}  // namespace commbench
