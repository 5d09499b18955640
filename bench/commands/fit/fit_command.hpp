#pragma once
// `commbench fit FILE [-J FITTED.json]`: cost-model parameters (alpha, beta, gamma) with 95%
// bootstrap intervals, fitted to a collectives report (`commbench COLLECTIVE -J`) or to a
// measured fabric (`commbench fabric -J`), printed as a table and written as a fabric whose
// tiers come from the fits and whose `fits` keep every one (docs/MODELS.md, "Fitting").
#include "bench/run/command.hpp"

namespace commbench {

// Reading one file is no collective work: rank 0 does it all. Returns the exit code: 2 for a
// file that cannot be fitted, with one line on stderr and no file written.
int run_fit(const RankZeroRun& run);

// fit's settings as the digest every rank compares records them (Config::settings_json).
nlohmann::json fit_settings_json(const Config& config);

}  // namespace commbench
