#include "reports/judge/junit_xml.hpp"

#include <vector>

#include "reports/format/escaped_text.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

std::string attribute(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + xml_text(value, XmlPlace::attribute) + "\"";
}

std::string test_case(const CheckOutcome& check) {
  std::string xml = "    <testcase" + attribute("name", check.name) + attribute("classname", "commbench.gate") + ">\n";
  if (!check.passed) {
    xml += "      <failure" + attribute("message", "measured: " + check.measured + "; required: " + check.required) +
           attribute("type", check.check) + ">" + xml_text(joined(check.details, "\n"), XmlPlace::content) + "</failure>\n";
  }
  xml += "      <system-out>" +
         xml_text("checked: " + check.description + "\nmeasured: " + check.measured + "\nrequired: " +
                      check.required + "\nverdict: " + (check.passed ? "PASS" : "FAIL"),
                  XmlPlace::content) +
         "</system-out>\n";
  return xml + "    </testcase>\n";
}

}  // namespace

std::string junit_xml(const GateResult& result, const std::string& suite_name) {
  const std::string tests = std::to_string(result.checks.size());
  const std::string failures = std::to_string(result.failed_count());
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<testsuites" + attribute("name", suite_name) + attribute("tests", tests) + attribute("failures", failures) +
         attribute("errors", "0") + ">\n";
  xml += "  <testsuite" + attribute("name", suite_name) + attribute("tests", tests) + attribute("failures", failures) +
         attribute("errors", "0") + attribute("skipped", "0") + ">\n";
  xml += "    <properties>\n";
  xml += "      <property" + attribute("name", "spec") + attribute("value", result.spec_name) + "/>\n";
  xml += "      <property" + attribute("name", "verdict") + attribute("value", result.passed() ? "PASS" : "FAIL") +
         "/>\n";
  xml += "    </properties>\n";
  for (const CheckOutcome& check : result.checks) xml += test_case(check);
  xml += "  </testsuite>\n";
  return xml + "</testsuites>\n";
}

}  // namespace commbench
