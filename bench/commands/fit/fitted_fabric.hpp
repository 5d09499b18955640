#pragma once
// What `commbench fit` makes of a file: cost-model parameters fitted to a collectives report's
// series or to a measured fabric's tiers (topology/cost/cost_fit.hpp), and the Fabric they describe,
// with every fit kept in it (docs/MODELS.md, "Fitting"). Pure functions: no files, no console.
#include <optional>
#include <string>
#include <vector>

#include "reports/model/json_report.hpp"
#include "topology/cost/cost_fit.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// One group of a report, or one tier of a fabric, and what became of it.
struct FitAttempt {
  std::string subject;          // "allreduce ring on 4 ranks", "tier intra-host"
  std::optional<FabricFit> fit; // set when it was fitted
  std::string failure;          // one line, why not, when it was not
};

struct FittedFabric {
  // Its fits are the successful ones, in attempt order; its tiers come from them (below). Not
  // meant to be used when no attempt succeeded.
  Fabric fabric;
  std::vector<FitAttempt> attempts;  // every group or tier, in report or fabric order
};

// A collectives report: each (collective, algorithm, ranks) group's series (fit_series.hpp)
// fitted in its form: sendrecv point-to-point, "native" Hockney, an explicit algorithm by its
// single-tier coefficients with group_ranks = the ranks on the report's first host. A
// reducing explicit group is fitted for alpha and gamma with beta held at the beta of the
// first of beta_source_candidates that was fitted, and for alpha and beta (gamma included in
// beta, said in the note) when there is none or gamma cannot be fitted with it.
//
// The fabric, named "fitted-<stem>", has one tier "fitted": members = the run's ranks, one
// link per member, one rank per link, no switch reduction; latency and link bandwidth from the
// sendrecv fit if there is one, else the first explicit algorithm's fit that fitted its own
// beta (else the first explicit one), else the first native one; reduction_bandwidth = 1/gamma
// of the first fit with a gamma > 0. Each figure's source says which fit and file it came
// from; its uncertainty is the 95% interval's half width / 1.96 (one standard error where the
// estimate is about normal). stem names the input in names and sources (its file name without
// directory and extension); file is the path as the user gave it.
FittedFabric fit_collectives_report(const RunReport& report, const std::string& file, const std::string& stem,
                                    const CostFitOptions& options);

// A measured fabric (`commbench fabric -J`): each tier's measurements fitted as
// `commbench fabric` fits them, each parameter from its own regime (latency_bandwidth_fit.hpp),
// so that the figures come out as the fabric was written with them, now with 95% intervals
// (Sen's for the slope, the median's for alpha: 1.96 standard errors either side) and kept as
// point-to-point fits. The fabric is the measured one with each fitted tier's latency and link
// bandwidth replaced (source and uncertainty as above; members, links, ranks per NIC and
// switch reduction kept), its measurements and reduction bandwidth kept, its fits the new
// ones. A tier without measurements, whose fit fails or whose fit is beyond kPoorFitBound
// keeps its figures and is an attempt that failed.
FittedFabric fit_fabric_measurements(const Fabric& measured, const std::string& file, const std::string& stem);

}  // namespace commbench
