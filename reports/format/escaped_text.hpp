#pragma once
// Text made safe for where it is written, every escaper of the project in one place. Each is
// named after its destination (<destination>_text) and differs from the others by what that
// destination needs, which is why there are several:
// - one_line_text: a message or log line that quotes a value (loaders' refusals, the cost
//   model's, a file name): control characters only, as \xnn; every other byte as it is.
// - printable_text: a value the user typed, quoted on a terminal (usage errors, start-up
//   agreement): control characters and bytes that are not well-formed UTF-8, as \xNN.
// - xml_text: JUnit XML character data or attribute values (multi-line, XML 1.0 references).
// - html_text: the HTML page and its inline SVG charts, on one line (HTML 4 has no &apos;).
// - markdown_text: a Markdown summary's cells and lines, with nothing read as markup.
// - prometheus_label_text: a label value of the Prometheus text format.
// one_line_text and printable_text differ in bytes (hex case, malformed UTF-8) that error
// messages users and tests already read, so both stay.
#include <string>
#include <string_view>

namespace commbench {

// text with every control character (bytes below 0x20, and 0x7f) as a visible \xnn escape,
// so that a file name or an offending value never breaks the line.
std::string one_line_text(const std::string& text);

// Keeps printable ASCII and well-formed UTF-8 as they are; writes every control character
// and every byte that is not part of a well-formed UTF-8 sequence as \xNN.
std::string printable_text(std::string_view text);

// Where XML text goes: character data, or an attribute value in double quotes.
enum class XmlPlace { content, attribute };

// text for XML: &, <, > (and in attributes ", ', tab and line breaks) as references;
// characters XML 1.0 forbids (control characters other than tab and line breaks) and bytes
// that are not UTF-8 as visible \xnn text, so the document always parses.
std::string xml_text(const std::string& text, XmlPlace place);

// text safe in HTML and inline SVG element content and attribute values: & < > " ' escaped,
// control characters written as visible \xnn escapes (one_line_text).
std::string html_text(const std::string& text);

// text as literal Markdown: no character of a host name, path or message can start emphasis,
// a link, raw HTML or a new table cell. ('>' is left as it is within a line, where it is text.)
std::string markdown_text(const std::string& text);

// A Prometheus label value (between double quotes): \, " and line feeds escaped as the text
// format requires.
std::string prometheus_label_text(const std::string& text);

}  // namespace commbench
