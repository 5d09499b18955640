#pragma once
// How discovery says "this could not be known" without inventing a value. A section that may
// be missing altogether (GPUs, InfiniBand, GPU links) carries an Availability; a single
// figure that could not be read is an empty std::optional plus an entry in UnknownFields
// naming the field and why, so a report shows null and the reason, never a made-up 0.
#include <map>
#include <string>

namespace commbench {

struct Availability {
  bool present = false;
  std::string reason;  // with present == false: why, e.g. "no /sys/class/infiniband"

  static Availability available() { return {true, ""}; }
  static Availability absent(std::string why) { return {false, std::move(why)}; }
};

// field name -> why it is unknown, e.g. {"speed": "read /sys/class/net/lo/speed: Invalid argument"}
using UnknownFields = std::map<std::string, std::string>;

}  // namespace commbench
