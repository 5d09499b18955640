#pragma once
// The report's meta block for a run: version, argv, times, backend, hosts, environment.
#include <optional>
#include <string>
#include <vector>

#include "backend.hpp"
#include "result.hpp"

namespace commbench {

// Collective over world (it gathers the host map). measured is the backend the run
// measures (world itself, or a GPU backend); devices its GPUs when it has any.
RunMeta describe_run(Backend& world, const Backend& measured, const std::optional<DeviceMeta>& devices,
                     const std::vector<std::string>& argv);

}  // namespace commbench
