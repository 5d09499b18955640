#include "reports/judge/junit_xml.hpp"

#include <cstdio>
#include <vector>

#include "reports/format/utf8_sequence.hpp"

namespace commbench {
namespace {

std::string visible_byte(unsigned char byte) {
  char escaped[8];
  std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
  return escaped;
}

std::string attribute(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + xml_escaped(value, true) + "\"";
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

std::string test_case(const CheckOutcome& check) {
  std::string xml = "    <testcase" + attribute("name", check.name) + attribute("classname", "commbench.gate") + ">\n";
  if (!check.passed) {
    xml += "      <failure" + attribute("message", "measured: " + check.measured + "; required: " + check.required) +
           attribute("type", check.check) + ">" + xml_escaped(joined_lines(check.details), false) + "</failure>\n";
  }
  xml += "      <system-out>" +
         xml_escaped("checked: " + check.description + "\nmeasured: " + check.measured + "\nrequired: " +
                         check.required + "\nverdict: " + (check.passed ? "PASS" : "FAIL"),
                     false) +
         "</system-out>\n";
  return xml + "    </testcase>\n";
}

}  // namespace

std::string xml_escaped(const std::string& text, bool attribute) {
  std::string escaped;
  for (std::size_t at = 0; at < text.size();) {
    const auto byte = static_cast<unsigned char>(text[at]);
    const std::size_t length = byte < 0x80 ? 1 : utf8_sequence_length(text, at);
    if (length == 0) {
      escaped += visible_byte(byte);
      ++at;
      continue;
    }
    if (length > 1) {
      escaped.append(text, at, length);
      at += length;
      continue;
    }
    ++at;
    switch (byte) {
      case '&': escaped += "&amp;"; continue;
      case '<': escaped += "&lt;"; continue;
      case '>': escaped += "&gt;"; continue;
      default: break;
    }
    if (attribute) {
      // Attribute values are normalised on reading: a literal tab or line break would come
      // back as a space, a reference survives.
      switch (byte) {
        case '"': escaped += "&quot;"; continue;
        case '\'': escaped += "&apos;"; continue;
        case '\t': escaped += "&#9;"; continue;
        case '\n': escaped += "&#10;"; continue;
        case '\r': escaped += "&#13;"; continue;
        default: break;
      }
    }
    if (byte == '\r' && !attribute) {
      escaped += "&#13;";  // a parser turns a literal CR (LF) into LF
    } else if (byte < 0x20 && byte != '\t' && byte != '\n') {
      escaped += visible_byte(byte);
    } else {
      escaped += static_cast<char>(byte);
    }
  }
  return escaped;
}

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
