#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planCreateModel(const BoundCreateModel& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::LoadData, bound.dataset.entry.name + " (" + std::to_string(bound.dataset.entry.num_train) +
                                                    " train, " + std::to_string(bound.dataset.entry.num_test) + " test)"});
  plan.nodes.push_back({OperatorKind::Train, bound.arch + " (" + describeOptions(bound.recipe) + ")"});
  plan.nodes.push_back({OperatorKind::Evaluate, "train_acc, test_acc"});
  plan.nodes.push_back({OperatorKind::CatalogWrite, "model " + bound.name + "@1"});
  return plan;
}

}  // namespace lethe::planner
