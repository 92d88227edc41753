#include "common/strings.hpp"
#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planEvaluate(const BoundEvaluate& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::LoadModel, bound.model.display()});
  if (bound.forget_set) plan.nodes.push_back({OperatorKind::ResolveForgetSet, "forget set " + std::to_string(bound.forget_set->id)});
  plan.nodes.push_back({OperatorKind::Evaluate, join(bound.metrics) + (bound.judge ? " judged by " + bound.judge->describe() : "")});
  plan.nodes.push_back({OperatorKind::CatalogWrite, "run, metrics"});
  return plan;
}

}  // namespace lethe::planner
