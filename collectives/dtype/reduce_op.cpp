#include "collectives/dtype/reduce_op.hpp"

#include <array>

#include "reports/format/name_table.hpp"

namespace commbench {
namespace {

struct ReduceOpName {
  ReduceOp value;
  std::string_view name;
};

constexpr std::array<ReduceOpName, 5> kOps{{
    {ReduceOp::sum, "sum"},
    {ReduceOp::prod, "prod"},
    {ReduceOp::min, "min"},
    {ReduceOp::max, "max"},
    {ReduceOp::avg, "avg"},
}};

}  // namespace

std::string_view reduce_op_name(ReduceOp op) { return kOps[static_cast<std::size_t>(op)].name; }

std::optional<ReduceOp> parse_reduce_op(std::string_view name) { return value_named(kOps, name); }

const std::vector<ReduceOp>& all_reduce_ops() {
  static const std::vector<ReduceOp> ops = table_values(kOps);
  return ops;
}

std::string reduce_op_names_joined() { return table_names_joined(kOps); }

}  // namespace commbench
