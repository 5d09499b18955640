#include "report_loader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <set>
#include <utility>
#include <variant>

#include "bounded_file.hpp"
#include "json_document.hpp"
#include "one_line_text.hpp"
#include "report_consistency.hpp"
#include "report_schema.hpp"
#include "topology_schema_version.hpp"

namespace commbench {
namespace {

using nlohmann::json;

const std::string kAcceptedReport = "a commbench JSON report, docs/REPORT_SCHEMA.md";
const std::string kAcceptedBySchema = "a report that matches docs/report.schema.json";

[[noreturn]] void fail(const std::string& name, const std::string& what, const std::string& accepted) {
  throw ReportLoadError(one_line_text(name + ": " + what + " (accepted: " + accepted + ")"));
}

[[noreturn]] void fail_at(const std::string& name, const std::string& path, const std::string& what,
                          const std::string& accepted) {
  fail(name, (path.empty() ? std::string("/") : path) + ": " + what, accepted);
}

std::string with_article(const std::string& type_name) {
  const bool vowel = !type_name.empty() && std::strchr("aeiou", type_name.front()) != nullptr;
  return (vowel ? "an " : "a ") + type_name;
}

// nlohmann's what() reads "[json.exception.type_error.302] (/results/3/bytes) type must be
// number, but is string": the path appears only with JSON_DIAGNOSTICS (set for the whole
// build in cmake/CommbenchDependencies.cmake). Turn that into our path-first line.
[[noreturn]] void fail_conversion(const std::string& name, const json::exception& error) {
  std::string message = error.what();
  const auto prefix_end = message.find("] ");
  if (prefix_end != std::string::npos) message.erase(0, prefix_end + 2);
  std::string path;
  if (!message.empty() && message.front() == '(') {
    const auto close = message.find(") ");
    if (close != std::string::npos) {
      path = message.substr(1, close - 1);
      message.erase(0, close + 2);
    }
  }
  if (path == "/") path.clear();
  const std::string missing_prefix = "key '", missing_suffix = "' not found";
  if (message.rfind(missing_prefix, 0) == 0 && message.size() > missing_prefix.size() + missing_suffix.size() &&
      message.compare(message.size() - missing_suffix.size(), missing_suffix.size(), missing_suffix) == 0) {
    const std::string key =
        message.substr(missing_prefix.size(), message.size() - missing_prefix.size() - missing_suffix.size());
    fail_at(name, path + "/" + json_pointer_token(key), "is missing", "every field docs/REPORT_SCHEMA.md lists");
  }
  const std::string type_prefix = "type must be ", type_separator = ", but is ";
  const auto separator = message.find(type_separator);
  if (message.rfind(type_prefix, 0) == 0 && separator != std::string::npos) {
    const std::string expected = message.substr(type_prefix.size(), separator - type_prefix.size());
    const std::string found = message.substr(separator + type_separator.size());
    fail_at(name, path, "is " + with_article(found), with_article(expected));
  }
  const std::string at_prefix = "cannot use at() with ";  // an object's fields read from another kind
  if (message.rfind(at_prefix, 0) == 0) {
    fail_at(name, path, "is " + with_article(message.substr(at_prefix.size())), "an object");
  }
  fail_at(name, path, message, kAcceptedReport);
}

json parse_json(const std::string& text, const std::string& name) {
  try {
    return parse_json_document(text, JsonErrorPosition::byte);
  } catch (const JsonDocumentError& error) {
    fail(name, error.what(), error.accepted().empty() ? kAcceptedReport : error.accepted());
  }
}

// A value for a message: short, whatever the file holds.
std::string short_text(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

// The data model's conversions (json_report.hpp and the other kinds' headers), with their
// failures turned into our message.
template <typename Report>
Report convert(const json& document, const std::string& name) {
  try {
    return document.get<Report>();
  } catch (const json::exception& error) {
    fail_conversion(name, error);
  } catch (const std::exception& error) {
    // A value the data model itself refuses (an unknown result status): its message already
    // says what is accepted, but it has no path.
    throw ReportLoadError(one_line_text(name + ": " + error.what()));
  }
}

// A copy of the document in which every fractional number is 0.0. Converting a double that
// is out of an integer's range to that integer is undefined behaviour, and nlohmann's
// conversions do exactly that; with zeros the conversion is always defined, and converting
// the result back tells the type of every field (unsigned, signed or floating point).
void zero_fractional_numbers(json& node) {
  if (node.is_number_float()) {
    node = 0.0;
  } else if (node.is_structured()) {
    for (json& child : node) zero_fractional_numbers(child);
  }
}

// Where a whole number belongs, a number written with a fraction or an exponent (1e3, 2.0)
// is replaced by the integer it equals; one that is not whole, or not in range, is refused.
void make_whole_numbers_integers(json& node, const json& field_types, const std::string& path,
                                 const std::string& name) {
  if (node.is_object() && field_types.is_object()) {
    for (auto entry = node.begin(); entry != node.end(); ++entry) {
      const auto type = field_types.find(entry.key());
      if (type != field_types.end()) {
        make_whole_numbers_integers(entry.value(), *type, path + "/" + json_pointer_token(entry.key()), name);
      }
    }
  } else if (node.is_array() && field_types.is_array()) {
    for (std::size_t i = 0; i < node.size() && i < field_types.size(); ++i) {
      make_whole_numbers_integers(node[i], field_types[i], path + "/" + std::to_string(i), name);
    }
  } else if (node.is_number_float() && field_types.is_number_integer()) {
    const double value = node.get<double>();
    const bool is_unsigned = field_types.is_number_unsigned();
    const std::string accepted = is_unsigned ? "a whole number from 0 to 18446744073709551615" : "a whole number";
    if (value != std::trunc(value)) fail_at(name, path, node.dump() + " is not a whole number", accepted);
    if (is_unsigned && value < 0) fail_at(name, path, node.dump() + " is negative", accepted);
    if (value >= 18446744073709551616.0 || value < -9223372036854775808.0 ||
        (!is_unsigned && value >= 9223372036854775808.0)) {
      fail_at(name, path, node.dump() + " is too large", accepted);
    }
    if (is_unsigned) {
      node = static_cast<std::uint64_t>(value);
    } else {
      node = static_cast<std::int64_t>(value);
    }
  }
}

std::string kind_of(const json& node) { return node.is_number() ? "number" : node.type_name(); }

bool same_number(const json& given, const json& written) {
  if (written.is_number_float()) return given.get<double>() == written.get<double>();
  if (given.is_number_float()) return false;
  if (given.is_number_unsigned() && written.is_number_unsigned()) {
    return given.get<std::uint64_t>() == written.get<std::uint64_t>();
  }
  // At least one is signed: equal only with the same sign and value (nlohmann's == would
  // call -1 and 18446744073709551615 equal, which is the very conversion we refuse).
  const auto as_signed = [](const json& n, std::int64_t& value) {
    if (n.is_number_unsigned()) {
      const std::uint64_t u = n.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX)) return false;
      value = static_cast<std::int64_t>(u);
      return true;
    }
    value = n.get<std::int64_t>();
    return true;
  };
  std::int64_t a = 0, b = 0;
  return as_signed(given, a) && as_signed(written, b) && a == b;
}

// Refuses the first place, in document order, where what the file says differs from what
// the data model writes back after reading it: an unknown or missing field, a changed kind,
// a negative count, a number out of the field's range, a value the model does not keep.
void require_same(const json& given, const json& written, const std::string& path, const std::string& name) {
  if (kind_of(given) != kind_of(written)) {
    fail_at(name, path, "is " + with_article(kind_of(given)), with_article(kind_of(written)));
  }
  if (given.is_object()) {
    std::set<std::string> keys;
    for (const auto& entry : given.items()) keys.insert(entry.key());
    for (const auto& entry : written.items()) keys.insert(entry.key());
    for (const std::string& key : keys) {
      const std::string child = path + "/" + json_pointer_token(key);
      if (!written.contains(key)) fail_at(name, child, "is not a field of the report", "the fields docs/REPORT_SCHEMA.md lists");
      if (!given.contains(key)) fail_at(name, child, "is missing", "every field docs/REPORT_SCHEMA.md lists");
      require_same(given.at(key), written.at(key), child, name);
    }
  } else if (given.is_array()) {
    if (given.size() != written.size()) {
      fail_at(name, path, "has " + std::to_string(given.size()) + " elements", std::to_string(written.size()));
    }
    for (std::size_t i = 0; i < given.size(); ++i) {
      require_same(given[i], written[i], path + "/" + std::to_string(i), name);
    }
  } else if (given.is_number()) {
    if (same_number(given, written)) return;
    const bool negative = given.is_number_integer() && !given.is_number_unsigned() && given.get<std::int64_t>() < 0;
    if (negative && written.is_number_unsigned()) {
      fail_at(name, path, given.dump() + " is negative", "a whole number from 0 to 18446744073709551615");
    }
    fail_at(name, path, given.dump() + " is out of range for this field", "a whole number the field can hold");
  } else if (given != written) {
    fail_at(name, path, given.dump() + " is not kept by this build (it reads back as " + written.dump() + ")",
            written.dump());
  }
}

// Converts the document into Report and refuses it unless Report writes back exactly what the
// file says.
template <typename Report>
ReportContent read_back_exactly(json document, const std::string& name) {
  json field_types = document;
  zero_fractional_numbers(field_types);
  field_types = convert<Report>(field_types, name);  // throws for a missing field or a wrong kind
  make_whole_numbers_integers(document, field_types, "", name);
  Report report = convert<Report>(document, name);
  require_same(document, json(report), "", name);
  return report;
}

// A topology report has no data model: the schema is its whole check.
ReportContent keep_document(json document, const std::string&) { return TopologyDocument{std::move(document)}; }

struct ReportKind {
  const std::string& name;
  int schema_version;  // the one this build writes and reads
  const char* written_by;
  ReportContent (*content)(json document, const std::string& name);
};

const ReportKind kReportKinds[] = {
    {kCollectivesKind, kReportSchemaVersion, "commbench <collective|all> -J", read_back_exactly<RunReport>},
    {kLinkcheckKind, kLinkcheckSchemaVersion, "commbench linkcheck -J", read_back_exactly<LinkcheckReport>},
    {kPipelineKind, kPipelineSchemaVersion, "commbench pipeline -J", read_back_exactly<PipelineReport>},
    {kGradsyncKind, kGradsyncSchemaVersion, "commbench gradsync -J", read_back_exactly<GradsyncReport>},
    {kScalingKind, kScalingSchemaVersion, "commbench scaling -J or plan -J", read_back_exactly<ScalingReport>},
    {kTopologyKind, kTopologySchemaVersion, "commbench topology -J", keep_document},
    {kPredictionKind, kPredictionSchemaVersion, "commbench predict -J", read_back_exactly<PredictionReport>},
};

std::string described(const ReportKind& kind) { return with_article(kind.name) + " report (" + kind.written_by + ")"; }

const ReportKind& kind_of_report(const json& document, const std::string& name) {
  std::string accepted = "a \"kind\" of ";
  for (const ReportKind& kind : kReportKinds) accepted += (&kind == kReportKinds ? "" : ", ") + kind.name;
  const auto kind = document.find("kind");
  if (kind == document.end()) fail_at(name, "/kind", "is missing", accepted);
  if (!kind->is_string()) fail_at(name, "/kind", "is " + with_article(kind_of(*kind)) + ", not a string", accepted);
  for (const ReportKind& known : kReportKinds) {
    if (known.name == kind->get_ref<const std::string&>()) return known;
  }
  fail_at(name, "/kind", short_text(*kind) + " is not a report kind", accepted);
}

// A newer version is told apart from a broken file: the remedy is another build, not another file.
void require_readable_version(const json& document, const ReportKind& kind, const std::string& name) {
  const std::string readable = "schema_version " + std::to_string(kind.schema_version);
  const auto version = document.find("schema_version");
  if (version == document.end()) fail_at(name, "/schema_version", "is missing", readable);
  const bool whole = version->is_number_integer() ||
                     (version->is_number_float() && version->get<double>() == std::trunc(version->get<double>()));
  if (!whole) fail_at(name, "/schema_version", short_text(*version) + " is not a whole number", readable);
  // Exact for the small versions compared with; a huge one is still larger.
  const double value = version->get<double>();
  if (value > kind.schema_version) {
    fail(name,
         "was written by a newer commbench (" + with_article(kind.name) + " report of schema_version " +
             version->dump() + "; this build reads " + readable + ")",
         readable + "; read it with a newer commbench");
  }
  if (value != kind.schema_version) {
    fail_at(name, "/schema_version",
            version->dump() + " is not supported (this build reads " + kind.name + " reports of " + readable + ")",
            readable);
  }
}

void require_schema(const json& document, const std::string& name) {
  if (const auto violation = report_schema_validator().first_violation(document)) {
    fail_at(name, violation->path, violation->problem, kAcceptedBySchema);
  }
}

// The checks of report_loader.hpp in their order; only_kind, when given, is the one kind the
// caller reads.
LoadedReport load_checked(const std::string& text, const std::string& name, const std::string* only_kind) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail(name, "the file is empty", kAcceptedReport);
  json document = parse_json(text, name);
  if (!document.is_object()) {
    fail(name, "the top level is " + with_article(kind_of(document)) + ", not an object", kAcceptedReport);
  }
  const ReportKind& kind = kind_of_report(document, name);
  if (only_kind != nullptr && kind.name != *only_kind) {
    const auto wanted = std::find_if(std::begin(kReportKinds), std::end(kReportKinds),
                                     [&](const ReportKind& known) { return known.name == *only_kind; });
    fail(name, "is " + described(kind) + ", not " + with_article(*only_kind) + " report", described(*wanted));
  }
  require_readable_version(document, kind, name);
  require_schema(document, name);
  ReportContent content = kind.content(std::move(document), name);
  if (const auto inconsistency = first_inconsistency(content)) {
    fail_at(name, inconsistency->path, inconsistency->problem, inconsistency->expected);
  }
  return LoadedReport{name, kind.name, std::move(content)};
}

std::string read_report_file(const std::string& path) {
  try {
    return read_bounded_file(path, kMaxReportFileBytes);
  } catch (const BoundedFileError& error) {
    fail(path, error.what(), error.accepted().empty() ? "a readable commbench JSON report file" : error.accepted());
  }
}

}  // namespace

LoadedReport load_any_report_text(const std::string& text, const std::string& name) {
  return load_checked(text, name, nullptr);
}

LoadedReport load_any_report_file(const std::string& path) {
  return load_any_report_text(read_report_file(path), path);
}

RunReport load_report_text(const std::string& text, const std::string& name) {
  return std::get<RunReport>(load_checked(text, name, &kCollectivesKind).content);
}

RunReport load_report_file(const std::string& path) { return load_report_text(read_report_file(path), path); }

}  // namespace commbench
