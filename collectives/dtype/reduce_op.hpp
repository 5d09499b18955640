#pragma once
// Reduction operators, named as in NCCL.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commbench {

enum class ReduceOp { sum, prod, min, max, avg };

std::string_view reduce_op_name(ReduceOp op);
std::optional<ReduceOp> parse_reduce_op(std::string_view name);
const std::vector<ReduceOp>& all_reduce_ops();
std::string reduce_op_names_joined();

}  // namespace commbench
