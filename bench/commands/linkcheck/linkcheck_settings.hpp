#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <nlohmann/json.hpp>

namespace commbench {

// `commbench linkcheck`: point-to-point checks between every pair of hosts.
struct LinkcheckSettings {
  std::uint64_t bandwidth_bytes = 4ULL << 20;  // large enough that latency is a few percent at most
  std::uint64_t latency_bytes = 8;
  double outlier_fraction = 0.8;  // flag links below this fraction of the median bandwidth
  // Flag links above this multiple of the median latency. Looser than the bandwidth's
  // fraction: small-message latency varies more from run to run than bandwidth does.
  double latency_factor = 2.0;
  bool intra_host = false;        // also every pair of ranks within each host
};

// As linkcheck's report records them (linkcheck_settings_json).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LinkcheckSettings, bandwidth_bytes, latency_bytes, outlier_fraction, latency_factor,
                                   intra_host)

}  // namespace commbench
