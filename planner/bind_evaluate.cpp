// EVALUATE MODEL m[@v] [METRICS (...)] [FOR RUN n | FOR FORGET SET n].
#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

BoundEvaluate Binder::bindEvaluate(const ast::EvaluateModelInfo& info) const {
  BoundEvaluate bound;
  bound.model = bindModel(info.model);

  // The forget set: named explicitly, through a run, or the one that produced this version.
  std::optional<int64_t> forget_set_id = info.forget_set_id;
  if (info.run_id) {
    auto run = catalog_.runById(*info.run_id);
    if (!run) throw Error(ErrorKind::Binder, "there is no run " + std::to_string(*info.run_id) + at(info.for_pos));
    if (!run->forget_set_id)
      throw Error(ErrorKind::Binder, "run " + std::to_string(*info.run_id) + " has no forget set (it is a " + run->kind + " run)" + at(info.for_pos));
    forget_set_id = run->forget_set_id;
  } else if (!forget_set_id && bound.model.version.run_id) {
    auto run = catalog_.runById(*bound.model.version.run_id);
    if (run && run->forget_set_id) forget_set_id = run->forget_set_id;
  }
  if (forget_set_id) bound.forget_set = bindStoredForgetSet(*forget_set_id, bound.model, info.for_pos);

  if (info.metrics.empty()) {
    bound.metrics = bound.forget_set ? registry::gapMetrics() : std::vector<std::string>{"ta"};
  } else {
    bound.metrics = bindMetrics(info.metrics, bound.forget_set.has_value());
    checkCorruptionMetrics(bound.metrics, info.metrics, bound.model);
    for (size_t i = 0; i < bound.metrics.size(); ++i) {
      if (registry::findMetric(bound.metrics[i])->forget_only)
        throw Error(ErrorKind::Binder, "metric '" + bound.metrics[i] + "' describes a FORGET run; EVALUATE MODEL cannot compute it" +
                                           at(info.metrics[i].pos));
    }
  }
  return bound;
}

}  // namespace lethe::planner
