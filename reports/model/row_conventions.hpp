#pragma once
// The conventions a collective row of a report follows (docs/METRICS.md), by name, for the
// readers that check a report's figures against one another (report_consistency.hpp): each
// collective's bus-bandwidth factor and each element type's size.
//
// reports/ depends on nothing else in the project, so it cannot ask collectives/ for them.
// These tables are twins of CollectiveSpec::bus_bandwidth_factor (collectives/backend/collective_specs.cpp)
// and of dtype_size (collectives/dtype/dtype.cpp); tests/unit/row_conventions_test.cpp holds the
// twins together for every collective, rank count and element type, so a change to one side
// that is not made to the other fails the unit tests.
#include <cstddef>
#include <optional>
#include <string>

namespace commbench {

// bus_bw / alg_bw for collective on ranks ranks (allreduce 2(n-1)/n; allgather, reducescatter
// and alltoall (n-1)/n; broadcast, reduce and sendrecv 1); empty for a name it does not know
// or fewer than one rank.
std::optional<double> bus_bandwidth_factor_of(const std::string& collective, int ranks);

// The size in bytes of one element of dtype ("float32": 4); empty for a name it does not know.
std::optional<std::size_t> element_size_of(const std::string& dtype);

}  // namespace commbench
