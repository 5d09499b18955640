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

}  // namespace commbench
