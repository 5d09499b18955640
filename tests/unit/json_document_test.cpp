// The parse every commbench loader shares (reports/format/json_document.hpp): nesting limit, a key
// given twice, the hooks that refuse a key early and stream a long array's elements.
#include "reports/format/json_document.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace commbench {
namespace {

using nlohmann::json;

std::string refusal(const std::string& text, const JsonReadHooks& hooks = {}) {
  try {
    parse_json_document(text, JsonErrorPosition::byte, hooks);
  } catch (const JsonDocumentError& error) {
    return error.what();
  }
  return "(read)";
}

// 64 levels are read, 65 are refused before anything walks the tree, and a hostile depth
// cannot exhaust the stack.
TEST(JsonDocument, SixtyFourLevelsAreReadAndSixtyFiveRefused) {
  const auto nested = [](int levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  EXPECT_NO_THROW(parse_json_document(nested(kMaxJsonDepth), JsonErrorPosition::byte));
  EXPECT_EQ(refusal(nested(kMaxJsonDepth + 1)), "nested deeper than 64 levels");
  EXPECT_EQ(refusal(std::string(10000000, '[')), "nested deeper than 64 levels");
}

TEST(JsonDocument, ReadsWhatNlohmannReads) {
  const std::string text =
      R"({"a": [1, -2, 3.5, "x", null, true, {"b": {}}, []], "c": {"d": 18446744073709551615}, "e": ""})";
  EXPECT_EQ(parse_json_document(text, JsonErrorPosition::byte), json::parse(text));
  EXPECT_EQ(parse_json_document("7", JsonErrorPosition::byte), json(7));
}

// Last-one-wins would let a second "checks" replace a spec's seven real checks.
TEST(JsonDocument, AKeyGivenTwiceIsRefusedWithItsPath) {
  EXPECT_EQ(refusal(R"({"checks": [1], "checks": [2]})"),
            "key \"checks\" appears twice in the object at /");
  EXPECT_EQ(refusal(R"({"tiers": [{"members": 8}, {"members": 8, "members": 1024}]})"),
            "key \"members\" appears twice in the object at /tiers/1");
  EXPECT_EQ(refusal(R"({"a": {"x/y": {"k": null, "k": null}}})"),
            "key \"k\" appears twice in the object at /a/x~1y");
  // The same key in different objects is no duplicate.
  EXPECT_EQ(refusal(R"([{"k": 1}, {"k": 2}, {"o": {"k": 3}}])"), "(read)");
}

TEST(JsonDocument, SyntaxErrorsNameTheirPosition) {
  EXPECT_EQ(refusal("{\"a\": }"), "not valid JSON at byte 7: syntax error while parsing value - unexpected '}'; "
                                  "expected '[', '{', or a literal");
  try {
    parse_json_document("[\n 1,\n x]", JsonErrorPosition::line_and_column);
    FAIL() << "read";
  } catch (const JsonDocumentError& error) {
    EXPECT_NE(std::string(error.what()).find("line 3, column 2 (byte 8)"), std::string::npos) << error.what();
  }
  EXPECT_EQ(refusal("[1e400]"), "not valid JSON: number overflow parsing '1e400'");
  EXPECT_EQ(refusal("[1] 2"), refusal("[1] 2"));
  EXPECT_NE(refusal("[1] 2"), "(read)");
}

// The key check runs before the key's value is read: an unknown key holding a huge value is
// refused at the key, whatever follows (here, text that is not even JSON).
TEST(JsonDocument, TheKeyCheckRefusesBeforeTheValueIsRead) {
  std::vector<std::string> seen;
  JsonReadHooks hooks;
  hooks.check_key = [&](const JsonPath& object, const std::string& key) {
    seen.push_back(object.pointer() + " " + key);
    if (key == "unknown") throw std::invalid_argument(object.pointer() + "/" + key + ": unknown field");
  };
  try {
    parse_json_document(R"({"tiers": [{"members": 8}], "unknown": [0, 0, 0, !!!)", JsonErrorPosition::byte, hooks);
    FAIL() << "read";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "/unknown: unknown field");
  }
  EXPECT_EQ(seen, (std::vector<std::string>{" tiers", "/tiers/0 members", " unknown"}));
}

// A streamed array's elements are handed over one at a time with their paths, and the array
// stays empty in the document; other arrays are kept.
TEST(JsonDocument, AStreamedArrayHandsOverEachElement) {
  std::vector<std::string> taken;
  JsonReadHooks hooks;
  hooks.streams_elements = [](const JsonPath& array) { return array.is({"results"}); };
  hooks.take_element = [&](const JsonPath& element, json&& value) {
    taken.push_back(element.pointer() + "=" + value.dump());
  };
  const json document = parse_json_document(
      R"({"meta": {"argv": ["a", "b"]}, "results": [{"x": [1]}, 2, [3, {"y": null}]], "more": [4]})",
      JsonErrorPosition::byte, hooks);
  EXPECT_EQ(taken, (std::vector<std::string>{"/results/0={\"x\":[1]}", "/results/1=2",
                                             "/results/2=[3,{\"y\":null}]"}));
  EXPECT_EQ(document, json::parse(R"({"meta": {"argv": ["a", "b"]}, "results": [], "more": [4]})"));
}

TEST(JsonDocument, PathPatternsMatchKeysAndAnyIndex) {
  std::vector<std::string> matched;
  JsonReadHooks hooks;
  hooks.check_key = [&](const JsonPath& object, const std::string& key) {
    if (object.is({"tiers", "*"})) matched.push_back(key);
  };
  parse_json_document(R"({"tiers": [{"a": 1}, {"b": {"c": 2}}], "x": {"tiers": [{"d": 3}]}})",
                      JsonErrorPosition::byte, hooks);
  EXPECT_EQ(matched, (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace commbench
