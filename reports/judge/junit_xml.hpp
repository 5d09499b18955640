#pragma once
// The gate's verdict as JUnit XML (`commbench gate --junit FILE`), the format CI systems
// (Jenkins, GitLab, GitHub Actions reporters) show as test results: one test case per
// check, classname "commbench.gate", a <failure> with the measured and required figures
// and the details for each failed check. No timestamps or durations, so the same result
// always gives the same bytes.
#include <string>

#include "reports/judge/acceptance_gate.hpp"

namespace commbench {

// A whole document: <testsuites> holding one <testsuite> named suite_name.
std::string junit_xml(const GateResult& result, const std::string& suite_name);

// text for XML character data (attribute: also for an attribute value in double quotes):
// &, <, > (and in attributes ", ', tab and line breaks) as references; characters XML 1.0
// forbids (control characters other than tab and line breaks) and bytes that are not UTF-8
// as visible \xNN text, so the document always parses.
std::string xml_escaped(const std::string& text, bool attribute);

}  // namespace commbench
