#include "topology/fabric/fabric_switches.hpp"

#include "reports/format/escaped_text.hpp"


namespace commbench {

std::string fabric_switches_text() { return "nvls=on|off, collnet=on|off, comma-separated"; }

Fabric with_switches(Fabric fabric, const std::string& switches) {
  const auto refuse = [&](const std::string& what) {
    throw FabricSwitchError(one_line_text(what + " (accepted after the fabric's name and a colon: " +
                                          fabric_switches_text() + ")"));
  };
  std::string::size_type start = 0;
  while (true) {
    const auto comma = switches.find(',', start);
    const std::string item = switches.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto equals = item.find('=');
    if (equals == std::string::npos) refuse("switch '" + item + "' is not key=value");
    const std::string key = item.substr(0, equals);
    const std::string value = item.substr(equals + 1);
    if (value != "on" && value != "off") refuse("switch '" + item + "' is neither on nor off");
    TierKind kind = TierKind::unspecified;
    if (key == "nvls") {
      kind = TierKind::nvlink;
    } else if (key == "collnet") {
      kind = TierKind::network;
    } else {
      refuse("unknown switch '" + key + "'");
    }
    bool applied = false;
    for (FabricTier& tier : fabric.tiers) {
      if (tier.kind != kind) continue;
      tier.in_switch_reduction = value == "on";
      applied = true;
    }
    if (!applied) {
      refuse("switch '" + item + "' has no " + (kind == TierKind::nvlink ? "NVLink" : "network") + " tier of fabric '" +
             fabric.name + "' to act on");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fabric;
}

}  // namespace commbench
