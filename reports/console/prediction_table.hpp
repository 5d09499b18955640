#pragma once
// The console text of `commbench predict`: the table nccl-tests users read, from the cost model
// alone. Header lines name the fabric, the nodes, the GPUs per node, the ranks and the model
// family; then per collective one row per size: size (B), count, type, and time (us), algbw and
// busbw (GB/s), the algorithm (and NCCL protocol) the model assumes, and NCCL's channels. With
// several column groups (--algo all, --protocol all) each group gets time and busbw side by
// side ("-" where the model cannot predict it, with the reason once below the collective), and
// the choice and channels of the library's own pick close the row. Formats data only.
#include <string>

#include "reports/model/prediction_report.hpp"

namespace commbench {

// Every line but the data lines starts with '#', as in the measured table.
std::string prediction_table_text(const PredictionReport& report);

}  // namespace commbench
