#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planExportModel(const BoundExportModel& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::LoadModel, bound.model.display() + " (" + bound.model.model.arch + ")"});
  plan.nodes.push_back({OperatorKind::WriteFile, "'" + bound.path + "' (TorchScript)"});
  return plan;
}

}  // namespace lethe::planner
