// reports/json_report: report_file_text, the last guard before any report is written: a
// number JSON cannot hold (NaN, an infinity, which nlohmann would write as null and report,
// compare and gate refuse) is refused with its JSON path, so that whatever commbench writes
// reads back (issue 21, item 6).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/model/json_report.hpp"

namespace commbench {
namespace {

std::string refusal(const nlohmann::json& document) {
  try {
    report_file_text(document);
  } catch (const UnrepresentableValueError& error) {
    return error.what();
  }
  return "";
}

TEST(ReportFileText, WritesFiniteReportsAsPrettyJson) {
  const nlohmann::json document = {{"kind", "scaling"}, {"seconds", 1.5}, {"optional", nullptr}};
  EXPECT_EQ(report_file_text(document), document.dump(2) + "\n");
}

TEST(ReportFileText, RefusesNaNAndInfinityNamingTheirPath) {
  nlohmann::json document = {{"kind", "scaling"}, {"predicted", nlohmann::json::array()}};
  document["predicted"].push_back({{"points", {{{"seconds", 1.0}}, {{"seconds", std::nan("")}}}}});
  EXPECT_EQ(refusal(document),
            "/predicted/0/points/1/seconds: NaN is not a finite number, which a report cannot hold (JSON writes it as "
            "null, and report, compare and gate refuse it); nothing was written");
  document["predicted"][0]["points"][1]["seconds"] = -std::numeric_limits<double>::infinity();
  EXPECT_EQ(refusal(document).rfind("/predicted/0/points/1/seconds: -infinity is not a finite number", 0), 0u);
  nlohmann::json keyed = {{"a/b~c", std::numeric_limits<double>::infinity()}};
  EXPECT_EQ(refusal(keyed).rfind("/a~1b~0c: infinity is not", 0), 0u) << refusal(keyed);
}

}  // namespace
}  // namespace commbench
