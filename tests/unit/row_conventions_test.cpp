// reports/model/row_conventions.hpp is a twin of collectives/: reports/ may not depend on it, so it
// keeps its own table of bus-bandwidth factors and element sizes by name. These tests hold the
// twins together: every collective the suite runs, at every rank count a run could plausibly
// have, and every element type, must read the same in both, bit for bit.
#include "reports/model/row_conventions.hpp"

#include <gtest/gtest.h>

#include <string>

#include "collectives/backend/collective_spec.hpp"
#include "collectives/dtype/dtype.hpp"

namespace commbench {
namespace {

TEST(RowConventions, EveryCollectivesBusBandwidthFactorIsTheSpecsForEveryRankCount) {
  ASSERT_FALSE(all_collective_specs().empty());
  for (const CollectiveSpec* spec : all_collective_specs()) {
    const std::string name(spec->name());
    for (int ranks = 1; ranks <= 4096; ranks = ranks < 16 ? ranks + 1 : ranks * 2 - 1) {
      const auto factor = bus_bandwidth_factor_of(name, ranks);
      ASSERT_TRUE(factor.has_value()) << name;
      EXPECT_EQ(*factor, spec->bus_bandwidth_factor(ranks)) << name << " on " << ranks << " ranks";
    }
  }
}

TEST(RowConventions, EveryElementSizeIsTheDtypes) {
  ASSERT_FALSE(all_dtypes().empty());
  for (Dtype dtype : all_dtypes()) {
    const std::string name(dtype_name(dtype));
    const auto size = element_size_of(name);
    ASSERT_TRUE(size.has_value()) << name;
    EXPECT_EQ(*size, dtype_size(dtype)) << name;
  }
}

TEST(RowConventions, NamesItDoesNotKnowHaveNoConvention) {
  EXPECT_FALSE(bus_bandwidth_factor_of("allreduce2", 4).has_value());
  EXPECT_FALSE(bus_bandwidth_factor_of("allreduce", 0).has_value());  // no ranks: no factor, not a division by 0
  EXPECT_FALSE(element_size_of("float99").has_value());
  EXPECT_EQ(bus_bandwidth_factor_of("allreduce", 4), 1.5);
  EXPECT_EQ(bus_bandwidth_factor_of("alltoall", 4), 0.75);
  EXPECT_EQ(bus_bandwidth_factor_of("sendrecv", 2), 1.0);
}

}  // namespace
}  // namespace commbench
