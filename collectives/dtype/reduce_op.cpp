#include "collectives/dtype/reduce_op.hpp"

#include <array>
#include <utility>

#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

constexpr std::array<std::pair<ReduceOp, std::string_view>, 5> kOps{{
    {ReduceOp::sum, "sum"},
    {ReduceOp::prod, "prod"},
    {ReduceOp::min, "min"},
    {ReduceOp::max, "max"},
    {ReduceOp::avg, "avg"},
}};

}  // namespace

std::string_view reduce_op_name(ReduceOp op) { return kOps[static_cast<std::size_t>(op)].second; }

std::optional<ReduceOp> parse_reduce_op(std::string_view name) {
  for (const auto& [op, op_name] : kOps) {
    if (op_name == name) return op;
  }
  return std::nullopt;
}

const std::vector<ReduceOp>& all_reduce_ops() {
  static const std::vector<ReduceOp> ops = [] {
    std::vector<ReduceOp> list;
    for (const auto& entry : kOps) list.push_back(entry.first);
    return list;
  }();
  return ops;
}

std::string reduce_op_names_joined() {
  std::vector<std::string> names;
  for (const auto& entry : kOps) names.emplace_back(entry.second);
  return joined(names);
}

}  // namespace commbench
