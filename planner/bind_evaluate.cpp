// EVALUATE MODEL m[@v] [METRICS (...)] [FOR RUN n | FOR FORGET SET n] [WITH (judge = c, ...)].
#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

BoundEvaluate Binder::bindEvaluate(const ast::EvaluateModelInfo& info) const {
  BoundEvaluate bound;
  bound.model = bindModel(info.model);
  const ModelKind kind = bound.model.kind();
  // Only generators take options here (the judge): anything else is a mistake to name.
  ast::OptionList options = info.options;
  const ast::OptionList judge_options = takeJudgeOptions(options, bound.model);
  if (!options.empty()) {
    // None of them is a judge option: on a generator, bindOptions names the closest one.
    if (kind == ModelKind::Generator) bindOptions(options, registry::judgeOptions(), "the judge");
    throw Error(ErrorKind::Binder, "EVALUATE MODEL takes options only for a generator's judge; model '" +
                                       bound.model.model.name + "' is a classifier" + at(options.front().name.pos));
  }

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
  // ua_gen samples the forgotten classes: a generator's forget set must name classes.
  if (kind == ModelKind::Generator && bound.forget_set && bound.forget_set->classes.empty())
    throw Error(ErrorKind::Binder, "forget set " + std::to_string(bound.forget_set->id) + " (" +
                                       bound.forget_set->description + ") names rows, not classes; a generator is "
                                       "evaluated on forgotten classes" + at(info.for_pos));

  if (info.metrics.empty() && kind == ModelKind::Generator) {
    if (judge_options.empty())
      throw Error(ErrorKind::Binder, "EVALUATE of generator '" + bound.model.model.name + "' needs a judge: add WITH (judge = "
                                     "<classifier>), a classifier of its dataset '" + bound.model.dataset.entry.name +
                                     "' that labels the samples" + at(info.model.name.pos));
    for (const auto& name : registry::judgedMetrics())
      if (bound.forget_set || !registry::findMetric(name)->needs_forget_set) bound.metrics.push_back(name);
  } else if (info.metrics.empty()) {
    bound.metrics = bound.forget_set ? registry::gapMetrics() : std::vector<std::string>{"ta"};
  } else {
    bound.metrics = bindMetrics(info.metrics, bound.forget_set.has_value(), kind);
    checkCorruptionMetrics(bound.metrics, info.metrics, bound.model);
    for (size_t i = 0; i < bound.metrics.size(); ++i) {
      if (registry::findMetric(bound.metrics[i])->forget_only)
        throw Error(ErrorKind::Binder, "metric '" + bound.metrics[i] + "' describes a FORGET run; EVALUATE MODEL cannot compute it" +
                                           at(info.metrics[i].pos));
    }
  }
  bound.judge = bindJudge(judge_options, bound.model, bound.metrics, info.metrics, info.model.name.pos);
  return bound;
}

}  // namespace lethe::planner
