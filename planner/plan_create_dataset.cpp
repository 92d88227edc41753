#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planCreateDataset(const BoundCreateDataset& bound) {
  LogicalPlan plan;
  const auto& e = bound.entry;
  if (e.kind == "subset") {
    plan.nodes.push_back({OperatorKind::DrawSubset, std::to_string(e.num_train) + " train + " + std::to_string(e.num_test) +
                                                        " test rows " + e.recipe_json});
  } else {
    plan.nodes.push_back({OperatorKind::ProbeFiles, e.format + " '" + e.path + "'"});
  }
  plan.nodes.push_back({OperatorKind::CatalogWrite, "dataset " + e.name});
  return plan;
}

}  // namespace lethe::planner
