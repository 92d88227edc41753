#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planImportModel(const BoundImportModel& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::ReadFile, "'" + bound.path + "' (TorchScript)"});
  plan.nodes.push_back({OperatorKind::LoadData, bound.dataset.entry.name + " (" + std::to_string(bound.dataset.entry.num_train) +
                                                    " train, " + std::to_string(bound.dataset.entry.num_test) + " test)"});
  plan.nodes.push_back({OperatorKind::Evaluate, "output shape on one image, test_acc"});
  plan.nodes.push_back({OperatorKind::CatalogWrite, "model " + bound.name + "@1 (torchscript)"});
  return plan;
}

}  // namespace lethe::planner
