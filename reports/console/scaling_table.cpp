#include "reports/console/scaling_table.hpp"

#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

std::string column(const char* pattern, double value) { return formatted_number(pattern, value); }

std::string title(const ScalingSeries& series) {
  if (series.source == "measured") {
    return "# Measured" + (series.fabric.empty() ? std::string() : " (terms from the model on " + series.fabric + ")");
  }
  return "# Model on " + series.fabric;
}

}  // namespace

std::string scaling_series_text(const ScalingSeries& series, bool priced) {
  std::string text = title(series) + "\n";
  text += "#     GPUs  compute (s)     comm (s)  exposed (s)     step (s)     samples/s      tokens/s  speedup   eff  "
          "gain";
  text += priced ? "   cost/step" : "";
  text += "  dominant\n";
  for (const ScalingPoint& point : series.points) {
    text += column("%10.0f", static_cast<double>(point.gpus));
    text += column("%13.4g", point.compute_s) + column("%13.4g", point.communication_s) +
            column("%13.4g", point.exposed_s) + column("%13.4g", point.step_s);
    text += column("%14.4g", point.samples_per_s) + column("%14.4g", point.tokens_per_s);
    text += column("%9.3g", point.speedup) + column("%5.0f%%", point.efficiency * 100);
    text += point.marginal_gain ? column("%5.0f%%", *point.marginal_gain * 100) : std::string("     -");
    if (priced) text += point.cost_per_step ? column("%12.4g", *point.cost_per_step) : std::string("           -");
    text += "  " + (point.dominant_term.empty() ? std::string("-") : point.dominant_term) + "\n";
  }
  if (series.lowest_step_gpus && series.lowest_step_s) {
    text += "# Lowest step time at " + std::to_string(*series.lowest_step_gpus) + " GPUs: " +
            duration_text(*series.lowest_step_s) + " (searched over the range, in whole nodes where it holds any)\n";
  }
  for (const ScalingVerdict& verdict : series.verdicts) text += "# " + verdict.statement + "\n";
  return text;
}

}  // namespace commbench
