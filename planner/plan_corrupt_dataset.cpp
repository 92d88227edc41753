// CORRUPT DATASET: Corrupt (the parent's labels pick the rows) -> commit.
#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planCorruptDataset(const BoundCorruptDataset& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::Corrupt, bound.spec.kind + " " + std::to_string(bound.spec.count) + " training rows of " +
                                                   bound.parent.entry.name + " " + bound.entry.recipe_json});
  plan.nodes.push_back({OperatorKind::CatalogWrite, "dataset " + bound.entry.name + " and its corrupted rows"});
  return plan;
}

}  // namespace lethe::planner
