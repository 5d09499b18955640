#include "reports/load/report_loader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <iterator>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>
#include <variant>

#include "reports/format/bounded_file.hpp"
#include "reports/format/escaped_text.hpp"
#include "reports/format/json_document.hpp"
#include "reports/format/text_join.hpp"
#include "reports/load/report_consistency.hpp"
#include "reports/load/report_schema.hpp"
#include "reports/model/topology_schema_version.hpp"

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
[[noreturn]] void fail_conversion(const std::string& name, const json::exception& error, const std::string& prefix) {
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
  path.insert(0, prefix);  // a streamed row's paths are the row's own: put /results/3 before them
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

json parse_json(const std::string& text, const std::string& name, const JsonReadHooks& hooks) {
  try {
    return parse_json_document(text, JsonErrorPosition::byte, hooks);
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
Report convert(const json& document, const std::string& name, const std::string& prefix) {
  try {
    return document.get<Report>();
  } catch (const json::exception& error) {
    fail_conversion(name, error, prefix);
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
    // Both objects keep their keys sorted: walking them side by side visits the union of the
    // keys in order without building a set of them (once per row of a report of 10^5 rows).
    auto g = given.begin(), w = written.begin();
    while (g != given.end() || w != written.end()) {
      const bool take_given = w == written.end() || (g != given.end() && g.key() <= w.key());
      const std::string& key = take_given ? g.key() : w.key();
      const std::string child = path + "/" + json_pointer_token(key);
      if (take_given && (w == written.end() || g.key() != w.key())) {
        fail_at(name, child, "is not a field of the report", "the fields docs/REPORT_SCHEMA.md lists");
      }
      if (!take_given) fail_at(name, child, "is missing", "every field docs/REPORT_SCHEMA.md lists");
      require_same(g.value(), w.value(), child, name);
      ++g;
      ++w;
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

// Converts the document (or, for a streamed row, the row at path) into Value and refuses it
// unless Value writes back exactly what the file says.
template <typename Value>
Value read_back_value(json document, const std::string& name, const std::string& path) {
  json field_types = document;
  zero_fractional_numbers(field_types);
  field_types = convert<Value>(field_types, name, path);  // throws for a missing field or a wrong kind
  make_whole_numbers_integers(document, field_types, path, name);
  Value value = convert<Value>(document, name, path);
  require_same(document, json(value), path, name);
  return value;
}

template <typename Report>
ReportContent read_back_exactly(json document, const std::string& name) {
  return read_back_value<Report>(std::move(document), name, "");
}

// A topology report has no data model: the schema is its whole check.
ReportContent keep_document(json document, const std::string&) { return TopologyDocument{std::move(document)}; }

// Where a refusal of a streamed row stands among the refusals of the rest of the document.
// The whole-document checks walk an object's fields in order (nlohmann keeps them sorted by
// name) after its missing fields: a refusal at path comes before any of the array's rows when
// it is the top level itself, a missing top-level field, or a field that sorts before the
// array's (or is the array itself).
bool before_rows(const std::string& path, const std::string& problem, const std::string& key) {
  if (path.empty()) return true;
  const std::size_t end = path.find('/', 1);
  const std::string token = path.substr(1, end == std::string::npos ? std::string::npos : end - 1);
  if (end == std::string::npos && problem == "is missing") return true;
  return token <= json_pointer_token(key);
}

// A report's long array (a collectives report's results, a prediction's rows), read one
// element at a time as the parser completes it: each element is checked against the schema's
// item schema and read back exactly on its own, with the same messages and paths as when the
// whole document was checked at once, and only its data model is kept; its JSON tree is let
// go. That keeps the memory of loading a report of 10^5 rows at a small multiple of its size
// (docs/RELIABILITY.md). The first refusal is kept, not thrown: the kind and schema_version,
// which may come later in the file, are judged first, as for any report.
class StreamedRows {
 public:
  StreamedRows(std::string key, std::string item_schema) : key_(std::move(key)), item_schema_(std::move(item_schema)) {}
  virtual ~StreamedRows() = default;

  const std::string& key() const { return key_; }

  void take(std::size_t index, json&& row, const std::string& name) {
    if (index >= kMaxReportRows) {
      // Refused at once, as a file over its size limit is: reading on would cost minutes and
      // gigabytes before the verdict.
      fail_at(name, "/" + json_pointer_token(key_),
              "has more than " + std::to_string(kMaxReportRows) + " elements, more than a report is read with",
              "at most " + std::to_string(kMaxReportRows) + " rows in one report; split the sweep into several");
    }
    if (refused_) return;
    const std::string path = "/" + json_pointer_token(key_) + "/" + std::to_string(index);
    try {
      if (const auto violation = report_schema_validator().first_violation_at(row, item_schema_)) {
        schema_path_ = path + violation->path;
        schema_problem_ = violation->problem;
        fail_at(name, schema_path_, schema_problem_, kAcceptedBySchema);
      }
      keep(std::move(row), name, path);
    } catch (const ReportLoadError& error) {
      refused_ = true;
      refusal_ = error.what();
      drop_rows();
    }
  }

  // The schema's refusal of a row, if that is what refused one.
  bool refused_by_schema() const { return refused_ && !schema_path_.empty(); }
  bool refused_on_read_back() const { return refused_ && schema_path_.empty(); }
  [[noreturn]] void throw_refusal() const { throw ReportLoadError(refusal_); }
  // Whether a refusal of the whole document at path comes before the rows'.
  bool comes_before(const std::string& path, const std::string& problem) const {
    return before_rows(path, problem, key_);
  }

  // Moves the rows into the report, whose array is still empty.
  virtual void install(ReportContent& content) = 0;

 protected:
  virtual void keep(json&& row, const std::string& name, const std::string& path) = 0;
  virtual void drop_rows() = 0;

 private:
  std::string key_, item_schema_;
  bool refused_ = false;
  std::string refusal_, schema_path_, schema_problem_;
};

template <typename Report, typename Row, std::vector<Row> Report::*Member>
class RowsOf : public StreamedRows {
 public:
  using StreamedRows::StreamedRows;
  // The rows move into a vector of their exact count, each block of the deque freed as it empties.
  void install(ReportContent& content) override {
    std::vector<Row>& rows = std::get<Report>(content).*Member;
    rows.reserve(rows_.size());
    while (!rows_.empty()) {
      rows.push_back(std::move(rows_.front()));
      rows_.pop_front();
    }
  }

 protected:
  void keep(json&& row, const std::string& name, const std::string& path) override {
    rows_.push_back(read_back_value<Row>(std::move(row), name, path));
  }
  void drop_rows() override { std::deque<Row>().swap(rows_); }

 private:
  // A deque while the count is unknown: a vector's growth would hold its old and new storage at
  // once, up to three times the rows.
  std::deque<Row> rows_;
};

struct ReportKind {
  const std::string& name;
  int schema_version;  // the one this build writes and reads
  const char* written_by;
  ReportContent (*content)(json document, const std::string& name);
  // The array read one element at a time, where the kind has one: its top-level key; none is "".
  const char* streamed_key;
  std::unique_ptr<StreamedRows> (*streamed_rows)();
};

std::unique_ptr<StreamedRows> no_streamed_rows() { return nullptr; }
std::unique_ptr<StreamedRows> result_rows() {
  return std::make_unique<RowsOf<RunReport, Result, &RunReport::results>>("results", "#/$defs/result");
}
std::unique_ptr<StreamedRows> prediction_rows() {
  return std::make_unique<RowsOf<PredictionReport, PredictionRow, &PredictionReport::rows>>("rows",
                                                                                            "#/$defs/prediction_row");
}

// A linkcheck report's links are not streamed: the host matrices it writes back are computed
// from them, so they are read back with the whole document.
const ReportKind kReportKinds[] = {
    {kCollectivesKind, kReportSchemaVersion, "commbench <collective|all> -J", read_back_exactly<RunReport>, "results",
     result_rows},
    {kLinkcheckKind, kLinkcheckSchemaVersion, "commbench linkcheck -J", read_back_exactly<LinkcheckReport>, "",
     no_streamed_rows},
    {kPipelineKind, kPipelineSchemaVersion, "commbench pipeline -J", read_back_exactly<PipelineReport>, "",
     no_streamed_rows},
    {kGradsyncKind, kGradsyncSchemaVersion, "commbench gradsync -J", read_back_exactly<GradsyncReport>, "",
     no_streamed_rows},
    {kScalingKind, kScalingSchemaVersion, "commbench scaling -J or plan -J", read_back_exactly<ScalingReport>, "",
     no_streamed_rows},
    {kTopologyKind, kTopologySchemaVersion, "commbench topology -J", keep_document, "", no_streamed_rows},
    {kPredictionKind, kPredictionSchemaVersion, "commbench predict -J", read_back_exactly<PredictionReport>, "rows",
     prediction_rows},
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

// The schema's verdict on the document (whose streamed array is empty) and on its streamed rows,
// whichever comes first in document order.
void require_schema(const json& document, const StreamedRows* rows, const std::string& name) {
  const auto violation = report_schema_validator().first_violation(document);
  if (rows != nullptr && rows->refused_by_schema() &&
      !(violation && rows->comes_before(violation->path, violation->problem))) {
    rows->throw_refusal();
  }
  if (violation) fail_at(name, violation->path, violation->problem, kAcceptedBySchema);
}

// The path in a refusal's line "<name>: <path>: ...", or "" where it names none.
std::string refused_path(const std::string& line, const std::string& name) {
  const std::string rest = line.substr(std::min(line.size(), name.size() + 2));
  if (rest.empty() || rest.front() != '/') return "";
  return rest.substr(0, rest.find(": "));
}

// The exact read-back of the document and of its streamed rows, whichever refusal comes first
// in document order; then the rows take their place in the report.
ReportContent read_back(json document, const ReportKind& kind, StreamedRows* rows, const std::string& name) {
  try {
    ReportContent content = kind.content(std::move(document), name);
    if (rows != nullptr) {
      if (rows->refused_on_read_back()) rows->throw_refusal();
      rows->install(content);
    }
    return content;
  } catch (const ReportLoadError& error) {
    if (rows != nullptr && rows->refused_on_read_back() && rows->comes_before(refused_path(error.what(), name), "")) {
      rows->throw_refusal();
    }
    throw;
  }
}

// A case twice in a collectives report: compare would pair the copies as it can and call the
// rest "only in the baseline", and the gate would count the case twice. Hashed: linear in rows.
void require_distinct_cases(const ReportContent& content, const std::string& name) {
  const auto* report = std::get_if<RunReport>(&content);
  if (report == nullptr) return;
  std::unordered_map<std::string, std::size_t> first_row;
  first_row.reserve(report->results.size());
  for (std::size_t i = 0; i < report->results.size(); ++i) {
    const std::vector<std::string> key = result_key(report->results[i]);
    std::string case_text;  // the key's parts, each ended by a NUL that no part holds
    for (const std::string& part : key) {
      case_text += part;
      case_text += '\0';
    }
    const auto inserted = first_row.emplace(std::move(case_text), i);
    if (inserted.second) continue;
    std::vector<std::string> identity;
    for (std::size_t c = 0; c < key.size() && c < kResultKeyColumns.size(); ++c) {
      identity.push_back(kResultKeyColumns[c] + " " + key[c]);
    }
    fail_at(name, "/results/" + std::to_string(i),
            "repeats the case of /results/" + std::to_string(inserted.first->second) + " (" + joined(identity) + ")",
            "each case (" + joined(kResultKeyColumns) + ") at most once in a report");
  }
}

// The checks of report_loader.hpp in their order; only_kind, when given, is the one kind the
// caller reads.
// owned_text, when given, is the text itself, read here from the file: it is let go once parsed.
LoadedReport load_checked(const std::string& text, const std::string& name, const std::string* only_kind,
                          std::string* owned_text = nullptr) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail(name, "the file is empty", kAcceptedReport);
  // The long arrays are streamed by their key before the kind is known (it may come later in
  // the file); the rows of a key the kind does not have are let go, and the schema refuses the key.
  std::vector<std::unique_ptr<StreamedRows>> streamed;
  for (const ReportKind& known : kReportKinds) {
    if (auto rows = known.streamed_rows()) streamed.push_back(std::move(rows));
  }
  const auto streamed_at = [&](const JsonPath& path) -> StreamedRows* {
    const auto& tokens = path.tokens();
    if (tokens.empty() || tokens.size() > 2 || tokens[0].is_index) return nullptr;
    for (const auto& rows : streamed) {
      if (rows->key() == tokens[0].key) return rows.get();
    }
    return nullptr;
  };
  JsonReadHooks hooks;
  hooks.streams_elements = [&](const JsonPath& path) { return path.tokens().size() == 1 && streamed_at(path) != nullptr; };
  hooks.take_element = [&](const JsonPath& path, json&& element) {
    streamed_at(path)->take(path.tokens().back().index, std::move(element), name);
  };
  json document = parse_json(text, name, hooks);
  // The file's text is the largest thing held: let it go before the rest is checked.
  if (owned_text != nullptr) std::string().swap(*owned_text);
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
  StreamedRows* rows = nullptr;
  for (auto& candidate : streamed) {
    if (candidate->key() == kind.streamed_key) {
      rows = candidate.get();
    } else {
      candidate.reset();  // a key this kind does not have: the schema refuses it
    }
  }
  require_schema(document, rows, name);
  ReportContent content = read_back(std::move(document), kind, rows, name);
  streamed.clear();
  if (const auto inconsistency = first_inconsistency(content)) {
    fail_at(name, inconsistency->path, inconsistency->problem, inconsistency->expected);
  }
  require_distinct_cases(content, name);
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
  std::string text = read_report_file(path);
  return load_checked(text, path, nullptr, &text);
}

RunReport load_report_text(const std::string& text, const std::string& name) {
  return std::get<RunReport>(load_checked(text, name, &kCollectivesKind).content);
}

RunReport load_report_file(const std::string& path) {
  std::string text = read_report_file(path);
  return std::get<RunReport>(load_checked(text, path, &kCollectivesKind, &text).content);
}

}  // namespace commbench
