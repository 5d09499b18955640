#pragma once
// Every command of commbench, one record each (bench/run/command.hpp).
#include <string>
#include <vector>

#include "bench/run/command.hpp"

namespace commbench {

// In the order `commbench --help` lists them.
const std::vector<Command>& command_table();

// The command of that name, or null when there is none.
const Command* find_command(const std::string& name);

}  // namespace commbench
