#pragma once
// The fabric description file (docs/FABRIC.md): reading it strictly, writing it back, and a
// console summary. A file that is wrong in any way is refused with a FabricError, because a
// cost model fed a quietly wrong bandwidth gives confident, wrong predictions.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>

#include "topology/fabric/fabric.hpp"

namespace commbench {

// The format_version this build writes, and the oldest it still reads (version 1 files have
// none of the GPU fields: they describe no GPUs and are modelled with the MPI-style family).
constexpr int kFabricFormatVersion = 2;
constexpr int kOldestFabricFormatVersion = 1;

// The most tiers a fabric file may have. Real fabrics have 1 to 4 (NVLink or PCIe in a node,
// then leaf, spine and core switches); every prediction walks the tiers and the name check
// compares each pair, so a file of 10^5 tiers would be slow for no fabric that exists.
constexpr std::size_t kMaxFabricTiers = 16;

// The most measured points a fabric file may hold. `commbench fabric` writes one per size
// per tier (64 sizes per tier at most with the default factor of 2); the fit of commbench fit
// is Theil-Sen, quadratic in the points: 4096 points make at most 8.4 million slopes (67 MB).
constexpr std::size_t kMaxFabricMeasurements = 4096;

// The physical ranges of a fabric's figures (docs/FABRIC.md, "Ranges"), wide enough for any
// link built or planned, from a slow management network to a GPU's memory:
//   bandwidths (link, achievable, NIC path, reduction)  1 kB/s to 100 TB/s
//   latency                                             0 to 10 s (0: a fitted line through
//                                                       the origin, which `commbench fit` writes)
//   a measurement's time_s                              1 ns to 3600 s
// so that every product the models form (members x links x bandwidth, bytes / bandwidth)
// stays finite, and no time is 0 where the fit divides by it.
inline constexpr double kMinBandwidth = 1e3;
inline constexpr double kMaxBandwidth = 1e14;
inline constexpr double kMaxLatencySeconds = 10;
inline constexpr double kMinMeasuredSeconds = 1e-9;
// A tier's NCCL calibration (`commbench fit` writes it, near 1): the latency scale 0 to 1000,
// the bandwidth efficiency 0.001 to 1000, so that a tier's bandwidth over its efficiency stays
// within the bandwidths' range's reach of finite times (an efficiency of 1e-310, a denormal,
// made every transfer time infinite and the plan's report unreadable: issue 21).
inline constexpr double kMaxLatencyScale = 1e3;
inline constexpr double kMinBandwidthEfficiency = 1e-3;
inline constexpr double kMaxBandwidthEfficiency = 1e3;
inline constexpr double kMaxMeasuredSeconds = 3600;

// A fabric that cannot be read or used. what() is a single line:
// "<file>: <JSON path, e.g. /tiers/1/link_bandwidth>: <what is wrong> (accepted: ...)".
// Errors about the whole file (unreadable, empty, not JSON, too deeply nested) have no path.
class FabricError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks and converts fabric text; name stands for the file in messages. Throws FabricError.
Fabric load_fabric_text(const std::string& text, const std::string& name);

// Reads and checks the fabric file at path (a directory, an unreadable or an empty file is a
// FabricError naming the file). Throws FabricError.
Fabric load_fabric_file(const std::string& path);

// The fabric as its file holds it. load_fabric_text of its dump gives back an equal Fabric:
// each quantity keeps the unit it was written in (the number converted back into that unit)
// and its source and uncertainty; a bare SI number stays a bare number.
nlohmann::json fabric_to_json(const Fabric& fabric);

// fabric_to_json, indented, with a final newline: what `commbench fabric` writes.
std::string fabric_json_text(const Fabric& fabric);

// A table for the console, one row per tier (members, link bandwidth in GB/s and Gb/s, links
// per member, bandwidth per member, ranks per NIC, latency in us, in-switch reduction), the
// total ranks, the reduction bandwidth and one line per fit when the fabric has them, then the
// source of every figure that has one, one per line.
std::string fabric_summary_text(const Fabric& fabric);

// "12.3 [11.9, 12.8]": a fitted value and its 95% interval, each multiplied by scale (4
// significant digits), as the fabric's summary, `fit` and the published cases print them.
std::string fitted_text(const FittedValue& fitted, double scale);

}  // namespace commbench
