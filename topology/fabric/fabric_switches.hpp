#pragma once
// Switches a fabric named on the command line may carry after a colon, as NCCL's environment
// turns features off (docs/FABRIC.md, "Switches"): `dgx-h100:nvls=off` is DGX H100 as
// NCCL_NVLS_ENABLE=0 runs it, `dgx-h100:collnet=on` the same nodes on a network that reduces in
// the switch (SHARP, NCCL_COLLNET_ENABLE=1).
#include <stdexcept>
#include <string>

#include "topology/fabric/fabric.hpp"

namespace commbench {

// A switch that is not key=value with a known key and value. what() is one line naming the
// switch and what is accepted.
class FabricSwitchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The switches, comma-separated ("nvls=off,collnet=on"): nvls=on|off sets in_switch_reduction of
// the fabric's NVLink tiers, collnet=on|off of its network tiers. A switch with no tier to act on
// (nvls on a fabric without NVLink) is refused too, since it would silently change nothing.
Fabric with_switches(Fabric fabric, const std::string& switches);

// "nvls=on|off, collnet=on|off": the accepted switches, for messages.
std::string fabric_switches_text();

}  // namespace commbench
