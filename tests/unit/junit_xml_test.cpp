// reports/judge/junit_xml.*: the gate's JUnit XML, byte for byte against a golden file made from
// the gate on reports of real runs (COMMBENCH_UPDATE_GOLDEN=1 rewrites it; read the diff
// before committing), and the escaping that keeps any name or detail from breaking it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/reading/acceptance_spec_file.hpp"
#include "reports/format/escaped_text.hpp"
#include "reports/judge/acceptance_gate.hpp"
#include "reports/judge/junit_xml.hpp"
#include "reports/load/report_loader.hpp"
#include "text_search.hpp"

namespace commbench {
namespace {

const std::string kGoldenFile = std::string(COMMBENCH_GOLDEN_DIR) + "/gate.junit.xml";

LoadedReport fixture(const std::string& name) {
  LoadedReport report = load_any_report_file(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + name);
  report.path = name;  // the golden file must not depend on where the checkout is
  return report;
}

// Passes (status, wrong elements, scaling), failures with details (busbw below a figure, the
// fixture's slow host), and a measurement missing; one label full of XML's special characters.
GateResult golden_gate_result() {
  const AcceptanceSpec spec = parse_acceptance_spec(R"({"kind": "acceptance", "format_version": 1,
    "name": "golden <spec> & \"friends\"", "checks": [
      {"check": "no_wrong_elements"},
      {"name": "busbw <512K..2M> & 'mid' \"sizes\"", "check": "busbw", "collective": "allreduce",
       "min_bytes": "512K", "max_bytes": "2M", "busbw_at_least_GBps": 2},
      {"check": "busbw", "collective": "allreduce", "min_bytes": "1G", "max_bytes": "8G", "busbw_at_least_GBps": 360},
      {"check": "linkcheck_no_outliers"},
      {"check": "scaling_efficiency", "gpus": 4, "efficiency_at_least": 0.3}
    ]})",
                                                    "golden-spec.json");
  return evaluate_gate(spec, {fixture("collectives-cluster-a.json"), fixture("linkcheck.json"), fixture("scaling.json")});
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(JunitXml, MatchesTheGoldenFile) {
  const std::string xml = junit_xml(golden_gate_result(), "commbench gate");
  const char* update = std::getenv("COMMBENCH_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(kGoldenFile, std::ios::binary) << xml;
    GTEST_SKIP() << "rewrote " << kGoldenFile;
  }
  const std::string golden = file_text(kGoldenFile);
  ASSERT_FALSE(golden.empty()) << kGoldenFile << " is missing: run with COMMBENCH_UPDATE_GOLDEN=1";
  EXPECT_EQ(xml, golden);
}

TEST(JunitXml, OneTestCasePerCheckAndOneFailurePerFailedCheck) {
  const GateResult result = golden_gate_result();
  const std::string xml = junit_xml(result, "commbench gate");
  ASSERT_EQ(result.checks.size(), 8u);  // 3 report status checks, 5 of the spec
  EXPECT_EQ(result.failed_count(), 3u);
  EXPECT_EQ(occurrences(xml, "<testcase "), 8u);
  EXPECT_EQ(occurrences(xml, "classname=\"commbench.gate\""), 8u);
  EXPECT_EQ(occurrences(xml, "<failure "), 3u);
  EXPECT_EQ(occurrences(xml, "</testcase>"), 8u);
  EXPECT_NE(xml.find("<testsuite name=\"commbench gate\" tests=\"8\" failures=\"3\" errors=\"0\" skipped=\"0\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"verdict\" value=\"FAIL\"/>"), std::string::npos);
  // The label arrives escaped, and nothing raw is left of it.
  EXPECT_NE(xml.find("name=\"busbw &lt;512K..2M&gt; &amp; &apos;mid&apos; &quot;sizes&quot;\""), std::string::npos);
  EXPECT_EQ(xml.find("<512K"), std::string::npos);
}

TEST(JunitXml, EscapesTextAndAttributes) {
  EXPECT_EQ(xml_text("a & b < c > d \"e\" 'f'", XmlPlace::content), "a &amp; b &lt; c &gt; d \"e\" 'f'");
  EXPECT_EQ(xml_text("a & b < c > d \"e\" 'f'", XmlPlace::attribute), "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;");
  // Line breaks survive in text; in an attribute they would be read back as spaces.
  EXPECT_EQ(xml_text("one\ntwo\tthree\r", XmlPlace::content), "one\ntwo\tthree&#13;");
  EXPECT_EQ(xml_text("one\ntwo\tthree\r", XmlPlace::attribute), "one&#10;two&#9;three&#13;");
  // Characters XML 1.0 forbids, and bytes that are not UTF-8, become visible text.
  EXPECT_EQ(xml_text(std::string("nul\0bell\a", 9), XmlPlace::content), "nul\\x00bell\\x07");
  EXPECT_EQ(xml_text("caf\xc3\xa9 \xe2\x9c\x93", XmlPlace::content), "caf\xc3\xa9 \xe2\x9c\x93");
  EXPECT_EQ(xml_text("bad \xff\xc3 end", XmlPlace::attribute), "bad \\xff\\xc3 end");
  EXPECT_EQ(xml_text("overlong \xc0\xaf surrogate \xed\xa0\x80", XmlPlace::content),
            "overlong \\xc0\\xaf surrogate \\xed\\xa0\\x80");
}

TEST(JunitXml, APassingGateHasNoFailureElement) {
  GateResult result;
  result.spec_name = "all good";
  CheckOutcome check;
  check.name = "no_wrong_elements";
  check.check = "no_wrong_elements";
  check.description = "wrong elements";
  check.measured = "0 wrong";
  check.required = "0 wrong";
  check.passed = true;
  result.checks.push_back(check);
  const std::string xml = junit_xml(result, "suite");
  EXPECT_EQ(xml.find("<failure"), std::string::npos);
  EXPECT_NE(xml.find("tests=\"1\" failures=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"verdict\" value=\"PASS\"/>"), std::string::npos);
}

}  // namespace
}  // namespace commbench
