// COMPARE: LoadModel -> ResolveForgetSet -> per method [Saliency] -> [Calibrate] -> Unlearn -> Evaluate,
// retrain (the reference) first -> one commit.
#include <sstream>

#include "common/strings.hpp"
#include "planner/plan.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

LogicalPlan planCompare(const BoundCompare& bound) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::LoadModel, bound.source.display() + " (" + bound.source.model.arch + " on " +
                                                     bound.source.dataset.entry.name + ")"});
  plan.nodes.push_back({OperatorKind::ResolveForgetSet, bound.target.description});
  for (const auto& method : bound.methods) {
    if (method.threshold) {
      std::ostringstream detail;
      detail << "threshold " << *method.threshold << " (fraction of weights kept) for " << method.name;
      plan.nodes.push_back({OperatorKind::Saliency, detail.str(), method.name});
    }
    std::string note;
    if (registry::isReferenceMethod(method.name)) note = bound.retrain_options_given ? ", the reference" : ", the reference (a stored one is reused)";
    addUnlearnNodes(plan, method, note, method.name);
    plan.nodes.push_back({OperatorKind::Evaluate,
                          join(bound.metrics, ", ") + " of " + method.name + (bound.judge ? " judged by " + bound.judge->describe() : ""),
                          method.name});
  }
  plan.nodes.push_back({OperatorKind::CatalogWrite, "forget set, one run, version and metrics per method"});
  return plan;
}

}  // namespace lethe::planner
