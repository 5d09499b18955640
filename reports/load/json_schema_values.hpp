#pragma once
// JSON Schema's view of a value (json_schema_validator.cpp): equality and order, and how a
// message quotes it.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace commbench::json_schema {

// JSON Schema's equality and number comparison. nlohmann's own == calls -1 and
// 18446744073709551615 equal (it converts the unsigned to signed), so numbers are compared as
// long double, which holds every int64, uint64 and double exactly on the platforms commbench
// builds on (x86-64's 80-bit and aarch64's 128-bit long double).
//
// A total order in which equal means equal for JSON Schema (1 and 1.0 are the same value).
// Recurses once per nesting level of the values: documents are limited to kMaxJsonDepth.
int compare_values(const nlohmann::json& a, const nlohmann::json& b);

// -1, 0 or 1 as number a is below, equal to or above number b, exactly (as long double).
int compare_numbers(const nlohmann::json& a, const nlohmann::json& b);

bool same_value(const nlohmann::json& a, const nlohmann::json& b);

// An integer, or a finite float with no fraction (JSON Schema's "integer").
bool is_whole_number(const nlohmann::json& value);

// At most max_bytes of text, cut at a UTF-8 character boundary, with "..." where cut.
std::string shortened(const std::string& text, std::size_t max_bytes);

// The value as a message quotes it: compact JSON, at most 80 bytes ("..." where cut).
std::string value_text(const nlohmann::json& value);

// How a problem starts: the value itself for a scalar ("-1 "), nothing for an object or an
// array (the path already says which) or null ("is null, not an object").
std::string subject(const nlohmann::json& value);

// "null", "a boolean", "an integer", "a number", "a string", "an array", "an object".
std::string kind_phrase(const nlohmann::json& value);

// "1 element", "3 elements".
std::string elements_text(std::size_t count);

}  // namespace commbench::json_schema
