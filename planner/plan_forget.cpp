// FORGET: LoadModel -> ResolveForgetSet -> [Saliency] -> [Calibrate] -> Unlearn -> Evaluate -> commit.
#include <sstream>

#include "common/strings.hpp"
#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planForget(const BoundForget& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::LoadModel, bound.source.display() + " (" + bound.source.model.arch + " on " +
                                                     bound.source.dataset.entry.name + ")"});
  plan.nodes.push_back({OperatorKind::ResolveForgetSet, bound.target.description});
  if (bound.threshold) {
    std::ostringstream detail;
    detail << "threshold " << *bound.threshold << " (fraction of weights kept)";
    plan.nodes.push_back({OperatorKind::Saliency, detail.str()});
  }
  addUnlearnNodes(plan, {bound.method, bound.options, bound.threshold, bound.calibration});
  plan.nodes.push_back({OperatorKind::Evaluate, join(bound.metrics) + (bound.judge ? " judged by " + bound.judge->describe() : "")});
  const std::string target = bound.into ? *bound.into + "@1" : bound.source.model.name + "@(new version)";
  plan.nodes.push_back({OperatorKind::CatalogWrite, "forget set, run, metrics, " + target});
  return plan;
}

}  // namespace lethe::planner
