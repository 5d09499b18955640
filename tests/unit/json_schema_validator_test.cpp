// reports/load/json_schema_validator.hpp: each keyword accepts a value that matches it and refuses
// one that does not, naming the place by JSON Pointer; a schema with a keyword the validator
// does not implement is refused up front; the schema compiled into the library is
// docs/report.schema.json.
#include "reports/load/json_schema_validator.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "reports/load/report_schema.hpp"

namespace commbench {
namespace {

using nlohmann::json;

// One keyword on a small schema: a value it accepts, one it refuses, and where and why.
struct KeywordCase {
  const char* label;
  const char* schema;
  const char* good;
  const char* bad;
  const char* path;
  const char* problem;
};

const KeywordCase kKeywordCases[] = {
    {"type", R"({"type": "string"})", R"("a")", "1", "", "1 is an integer, not a string"},
    {"type_list", R"({"type": ["string", "null"]})", "null", "true", "", "true is a boolean, not a string or null"},
    {"type_integer_whole_float", R"({"type": "integer"})", "2.0", "2.5", "", "2.5 is a number, not an integer"},
    {"type_integer_is_a_number", R"({"type": "number"})", "7", R"("7")", "", R"("7" is a string, not a number)"},
    {"type_object", R"({"type": "object"})", "{}", "[]", "", "is an array, not an object"},
    {"type_null", R"({"type": "object"})", "{}", "null", "", "is null, not an object"},
    {"ref", R"({"$defs": {"n": {"type": "integer"}}, "properties": {"a": {"$ref": "#/$defs/n"}}})", R"({"a": 1})",
     R"({"a": "1"})", "/a", R"("1" is a string, not an integer)"},
    {"ref_to_root", R"({"properties": {"next": {"$ref": "#"}}, "required": ["v"]})", R"({"v": 1, "next": {"v": 2}})",
     R"({"v": 1, "next": {}})", "/next/v", "is missing"},
    {"properties", R"({"properties": {"a": {"minimum": 0}}})", R"({"a": 0, "b": -1})", R"({"a": -1})", "/a",
     "-1 is less than the minimum 0"},
    {"required", R"({"required": ["a", "b"]})", R"({"a": 1, "b": 2})", R"({"a": 1})", "/b", "is missing"},
    {"additional_properties_false", R"({"properties": {"a": {}}, "additionalProperties": false})", R"({"a": 1})",
     R"({"a": 1, "b~/": 2})", "/b~0~1", "is not a known field"},
    {"additional_properties_schema", R"({"additionalProperties": {"type": "string"}})", R"({"x": "1"})",
     R"({"x": "1", "y": 2})", "/y", "2 is an integer, not a string"},
    {"items", R"({"items": {"type": "integer"}})", "[1, 2]", "[1, 2, 3.5]", "/2", "3.5 is a number, not an integer"},
    {"min_items", R"({"minItems": 2})", "[1, 2]", "[1]", "", "has 1 element, fewer than the minimum 2"},
    {"max_items", R"({"maxItems": 2})", "[1, 2]", "[1, 2, 3]", "", "has 3 elements, more than the maximum 2"},
    {"unique_items", R"({"uniqueItems": true})", "[1, 2, \"1\"]", "[3, 1, 2, 1.0, 2]", "/3",
     "1.0 repeats element 1 (the elements must be unique)"},
    {"unique_items_objects", R"({"uniqueItems": true})", R"([{"a": 1}, {"a": 2}])", R"([{"a": 1}, {"a": 1.0}])", "/1",
     "repeats element 0 (the elements must be unique)"},
    {"enum", R"({"enum": ["ok", "failed"]})", R"("ok")", R"("great")", "", R"("great" is not one of "ok", "failed")"},
    {"const", R"({"const": -1})", "-1", "18446744073709551615", "", "18446744073709551615 is not -1"},
    {"const_equal_numbers", R"({"const": 1})", "1.0", "2", "", "2 is not 1"},
    {"minimum", R"({"minimum": 0})", "0", "-1", "", "-1 is less than the minimum 0"},
    {"minimum_huge", R"({"minimum": 0})", "18446744073709551615", "-9223372036854775808", "",
     "-9223372036854775808 is less than the minimum 0"},
    {"maximum", R"({"maximum": 2})", "2", "2.5", "", "2.5 is more than the maximum 2"},
    {"exclusive_minimum", R"({"exclusiveMinimum": 0})", "1e-300", "0", "", "0 is not above the exclusive minimum 0"},
    {"exclusive_maximum", R"({"exclusiveMaximum": 1})", "0.999", "1.0", "", "1.0 is not below the exclusive maximum 1"},
    {"min_length_counts_characters", R"({"minLength": 2})", "\"\u00e9\u00e9\"", "\"\u00e9\"", "",
     "\"\u00e9\" is shorter than the minimum length 2"},
    {"pattern", R"({"pattern": "^(GPU|MIG)-"})", R"("GPU-1234")", R"("gpu-1234")", "",
     R"("gpu-1234" does not match the pattern ^(GPU|MIG)-)"},
    {"pattern_is_unanchored", R"({"pattern": "[0-9]"})", R"("abc7")", R"("abc")", "",
     R"("abc" does not match the pattern [0-9])"},
    {"property_names", R"({"propertyNames": {"pattern": "^NCCL_"}})", R"({"NCCL_DEBUG": "1"})", R"({"HOME": "/"})",
     "/HOME", R"(the field name "HOME" does not match the pattern ^NCCL_)"},
    {"all_of", R"({"allOf": [{"minimum": 0}, {"maximum": 9}]})", "5", "10", "", "10 is more than the maximum 9"},
    {"one_of_type", R"({"oneOf": [{"type": "integer", "minimum": 1}, {"const": "auto"}]})", R"("auto")", R"("fast")",
     "", R"("fast" is a string, not an integer or "auto")"},
    {"one_of_matching_type_then_bound", R"({"oneOf": [{"type": "integer", "minimum": 1}, {"const": "auto"}]})", "3",
     "0", "", "0 is less than the minimum 1"},
    {"one_of_into_the_object", R"({"oneOf": [{"type": "null"}, {"type": "object", "properties": {"rank":
     {"minimum": 0}}}]})",
     "null", R"({"rank": -2})", "/rank", "-2 is less than the minimum 0"},
    {"one_of_discriminator", R"({"oneOf": [{"properties": {"kind": {"const": "a"}, "x": {"type": "string"}},
     "required": ["kind"]}, {"properties": {"kind": {"const": "b"}, "x": {"type": "integer"}}, "required": ["kind"]}]})",
     R"({"kind": "b", "x": 1})", R"({"kind": "b", "x": "1"})", "/x", R"("1" is a string, not an integer)"},
    {"one_of_more_than_one", R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})", "-1", "1", "",
     "1 matches alternatives 0 and 1 of a oneOf, which accepts exactly one"},
    {"not_const", R"({"not": {"const": "none"}})", R"("timeout")", R"("none")", "", R"("none" is not allowed here)"},
    {"not_pattern", R"({"not": {"pattern": "TOKEN"}})", R"("PATH")", R"("MY_TOKEN")", "",
     R"("MY_TOKEN" matches the pattern TOKEN, which is not allowed)"},
    {"if_then",
     R"({"if": {"properties": {"status": {"const": "ok"}}}, "then": {"properties": {"reason": {"const": ""}}}})",
     R"({"status": "failed", "reason": "x"})", R"({"status": "ok", "reason": "x"})", "/reason", R"("x" is not "")"},
    {"if_else", R"({"if": {"properties": {"status": {"const": "ok"}}}, "else": {"properties": {"reason":
     {"minLength": 1}}}})",
     R"({"status": "ok", "reason": ""})", R"({"status": "failed", "reason": ""})", "/reason",
     R"("" is shorter than the minimum length 1)"},
    {"false_schema", R"({"properties": {"a": false}})", R"({"b": 1})", R"({"a": 1})", "/a", "1 is not allowed here"},
    {"annotations_are_ignored", R"({"$schema": "x", "title": "t", "description": "d", "type": "boolean"})", "true", "0",
     "", "0 is an integer, not a boolean"},
};

class JsonSchemaKeyword : public ::testing::TestWithParam<KeywordCase> {};

TEST_P(JsonSchemaKeyword, AcceptsAMatchAndNamesAMismatch) {
  const KeywordCase& keyword = GetParam();
  const JsonSchemaValidator validator(json::parse(keyword.schema));
  const auto good = validator.first_violation(json::parse(keyword.good));
  EXPECT_FALSE(good.has_value()) << keyword.good << " refused: " << good->path << ": " << good->problem;
  const auto bad = validator.first_violation(json::parse(keyword.bad));
  ASSERT_TRUE(bad.has_value()) << keyword.bad << " accepted";
  EXPECT_EQ(bad->path, keyword.path);
  EXPECT_EQ(bad->problem, keyword.problem);
}

INSTANTIATE_TEST_SUITE_P(Keywords, JsonSchemaKeyword, ::testing::ValuesIn(kKeywordCases),
                         [](const ::testing::TestParamInfo<KeywordCase>& info) {
                           return std::string(info.param.label);
                         });

// The message a schema is refused with; a failure when it compiles.
std::string schema_error(const char* schema) {
  try {
    JsonSchemaValidator validator(json::parse(schema));
  } catch (const JsonSchemaError& error) {
    return error.what();
  }
  ADD_FAILURE() << schema << " compiled";
  return "";
}

TEST(JsonSchemaValidator, RefusesASchemaWithAKeywordItDoesNotImplement) {
  // format is a real JSON Schema keyword: skipping it would leave its rule unenforced.
  const std::string message = schema_error(R"({"properties": {"start": {"type": "string", "format": "date-time"}}})");
  EXPECT_EQ(message.rfind("schema #/properties/start/format: \"format\" is a keyword this validator does not implement "
                          "(accepted: type, $ref, ",
                          0),
            0u)
      << message;
  EXPECT_NE(schema_error(R"({"allOf": [{"minProperties": 1}]})").find("#/allOf/0/minProperties"), std::string::npos);
}

TEST(JsonSchemaValidator, RefusesASchemaItCannotCheckWith) {
  EXPECT_NE(schema_error(R"({"$ref": "#/$defs/missing"})").find("#/$ref: \"#/$defs/missing\" is not a schema"),
            std::string::npos);
  EXPECT_NE(schema_error(R"({"$ref": "other.json#/x"})").find("not a reference within this document"),
            std::string::npos);
  EXPECT_NE(schema_error(R"({"pattern": "(unclosed"})").find("#/pattern: is not a regular expression"),
            std::string::npos);
  EXPECT_NE(schema_error(R"({"type": "float"})").find("\"float\" is not a type"), std::string::npos);
  EXPECT_NE(schema_error(R"({"minimum": "0"})").find("#/minimum: is a string, not a number"), std::string::npos);
  EXPECT_NE(schema_error(R"({"minItems": -1})").find("#/minItems"), std::string::npos);
  EXPECT_NE(schema_error("[]").find("schema #: is an array, not a schema"), std::string::npos);
}

TEST(JsonSchemaValidator, ReportsTheFirstViolationInDocumentOrder) {
  const JsonSchemaValidator validator(json::parse(R"({"items": {"properties": {"a": {"minimum": 0},
                                                     "b": {"minimum": 0}}}})"));
  const auto violation = validator.first_violation(json::parse(R"([{"a": 1, "b": 1}, {"a": 1, "b": -1}, {"a": -1}])"));
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->path, "/1/b");
}

// The entry the report loader checks each streamed row with: the schema inside the document
// named by its pointer, with the rule the whole document applies and a path relative to the value.
TEST(JsonSchemaValidator, ChecksAValueAgainstASchemaInsideTheDocument) {
  const JsonSchemaValidator validator(json::parse(R"({
    "type": "object",
    "properties": {"rows": {"type": "array", "items": {"$ref": "#/$defs/row"}}},
    "$defs": {"row": {"type": "object", "required": ["bytes"],
                      "properties": {"bytes": {"type": "integer", "minimum": 0}}}}
  })"));
  EXPECT_FALSE(validator.first_violation_at(json::parse(R"({"bytes": 8})"), "#/$defs/row"));
  const auto violation = validator.first_violation_at(json::parse(R"({"bytes": -1})"), "#/$defs/row");
  ASSERT_TRUE(violation);
  EXPECT_EQ(violation->path, "/bytes");
  const auto whole = validator.first_violation(json::parse(R"({"rows": [{"bytes": 8}, {"bytes": -1}]})"));
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->path, "/rows/1" + violation->path);
  EXPECT_EQ(whole->problem, violation->problem);
  EXPECT_THROW(validator.first_violation_at(json::object(), "#/$defs/none"), JsonSchemaError);
}

TEST(JsonSchemaValidator, ALongStringIsRefusedRatherThanMatchedAgainstAPattern) {
  // std::regex recurses once per character matched: a megabyte of digits would exhaust the
  // stack. Refusing must also hold inside a not, which would otherwise read it as a pass.
  const std::string digits(kMaxPatternSubjectBytes + 1, '7');
  for (const char* schema : {R"({"pattern": "^[0-9]+$"})", R"({"not": {"pattern": "^[a-z]+$"}})",
                             R"({"oneOf": [{"pattern": "^[0-9]+$"}, {"type": "integer"}]})"}) {
    SCOPED_TRACE(schema);
    const auto violation = JsonSchemaValidator(json::parse(schema)).first_violation(json(digits));
    ASSERT_TRUE(violation.has_value());
    EXPECT_NE(violation->problem.find("is longer than the " + std::to_string(kMaxPatternSubjectBytes) +
                                      " bytes a pattern is checked on"),
              std::string::npos)
        << violation->problem;
  }
  EXPECT_FALSE(JsonSchemaValidator(json::parse(R"({"pattern": "^[0-9]+$"})"))
                   .first_violation(json(std::string(kMaxPatternSubjectBytes, '7')))
                   .has_value());
}

TEST(JsonSchemaValidator, ASchemaThatNeverDescendsStopsAtTheDepthLimit) {
  const auto violation = JsonSchemaValidator(json::parse(R"({"$ref": "#"})")).first_violation(json(1));
  ASSERT_TRUE(violation.has_value());
  EXPECT_NE(violation->problem.find("nested too deeply to check"), std::string::npos) << violation->problem;
}

TEST(JsonSchemaValidator, AValueInAMessageIsShortened) {
  const std::string long_text(500, 'x');
  const auto violation = JsonSchemaValidator(json::parse(R"({"enum": ["a"]})")).first_violation(json(long_text));
  ASSERT_TRUE(violation.has_value());
  EXPECT_LT(violation->problem.size(), 120u) << violation->problem;
  EXPECT_EQ(violation->problem.rfind("\"xxxx", 0), 0u) << violation->problem;
}

TEST(ReportSchema, TheCompiledInSchemaIsDocsReportSchemaJson) {
  std::ifstream in(std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/../../../docs/report.schema.json", std::ios::binary);
  ASSERT_TRUE(in) << "docs/report.schema.json not found";
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(report_schema_text(), text);
  // Compiles: every keyword the schema uses is one the validator checks.
  EXPECT_NO_THROW(report_schema_validator());
  EXPECT_EQ(&report_schema_validator(), &report_schema_validator());
}

}  // namespace
}  // namespace commbench
