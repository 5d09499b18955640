#include "json_printer.hpp"

namespace commbench {

void JsonPrinter::run_finished(const RunReport& report) {
  const nlohmann::json json = report;
  write_file_atomically(path_, json.dump(2) + "\n");
}

}  // namespace commbench
