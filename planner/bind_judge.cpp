// The judge of a generator's metrics: WITH (judge = clf, samples = n, sample_steps = s,
// guidance = w, sample_seed = k) on EVALUATE, FORGET and COMPARE. ua_gen, fid and acc_gen draw
// samples from the generator and let a classifier of the catalog label them (docs/generation.md).
#include <algorithm>
#include <sstream>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

std::string BoundJudge::describe() const {
  std::ostringstream out;
  out << model.display() << " (" << samples_per_class << " samples per class, " << steps << " steps, guidance " << guidance
      << ", seed " << seed << ")";
  return out.str();
}

ast::OptionList Binder::takeJudgeOptions(ast::OptionList& options, const BoundModel& model) {
  ast::OptionList judge;
  for (auto it = options.begin(); it != options.end();) {
    if (!registry::isJudgeOption(it->name.text)) {
      ++it;
      continue;
    }
    if (model.kind() != ModelKind::Generator)
      throw Error(ErrorKind::Binder, "option '" + it->name.text + "' sets the judge of a generator's metrics (" +
                                         join(registry::judgedMetrics(), ", ") + "); model '" + model.model.name +
                                         "' is a classifier" + at(it->name.pos));
    judge.push_back(*it);
    it = options.erase(it);
  }
  return judge;
}

namespace {

std::string shapeOf(const catalog::DatasetEntry& d) {
  return std::to_string(d.channels) + "x" + std::to_string(d.height) + "x" + std::to_string(d.width);
}

// The judge labels the generator's samples with the generator's class indices and reads images
// of the generator's dataset (FID's real side), so it must know the same classes in the same
// order and take images of the same size: its own dataset, a subset of it, or any dataset of
// those classes and that size (docs/generation.md, "The judge").
void checkJudgeFits(const BoundModel& judge, const BoundModel& generator, const ast::SourcePos& pos) {
  const std::string name = "judge '" + judge.display() + "'";
  if (judge.kind() != ModelKind::Classifier)
    throw Error(ErrorKind::Binder, name + " is a generator (" + judge.model.arch +
                                       "); the judge must be a classifier of the generator's classes" + at(pos));
  // FID reads the input of the judge's final linear layer, which an imported TorchScript
  // network does not expose by name.
  if (judge.model.arch == "torchscript")
    throw Error(ErrorKind::Binder, name + " is an imported TorchScript model, whose penultimate features FID cannot "
                                       "read; the judge must be a classifier Lethe trained (CREATE MODEL)" + at(pos));
  const catalog::DatasetEntry& ours = generator.dataset.entry;
  const catalog::DatasetEntry& theirs = judge.dataset.entry;
  const std::string trained = name + " was trained on dataset '" + theirs.name + "'";
  const std::string needed = "; the judge must be a classifier of generator '" + generator.model.name + "''s dataset '" +
                             ours.name + "' (or of a subset of it)";
  if (theirs.class_names != ours.class_names)
    throw Error(ErrorKind::Binder, trained + ", whose classes (" + join(theirs.class_names, ", ") + ") are not those of '" +
                                       ours.name + "' (" + join(ours.class_names, ", ") + ")" + needed + at(pos));
  if (shapeOf(theirs) != shapeOf(ours))
    throw Error(ErrorKind::Binder, trained + " of " + shapeOf(theirs) + " images, not the " + shapeOf(ours) +
                                       " images of '" + ours.name + "'" + needed + at(pos));
}

// judge = clf, judge = "clf", judge = 'clf@2'.
ast::ModelRef judgeRef(const ast::Option& option) {
  const ast::Value& value = option.value;
  if (value.kind != ast::Value::Kind::String && value.kind != ast::Value::Kind::Word)
    throw Error(ErrorKind::Binder, "option 'judge' names a classifier (judge = clf or judge = 'clf@2'), got " +
                                       (value.text.empty() ? std::string("a number") : value.text) + at(value.pos));
  ast::ModelRef ref;
  ref.name = {value.text, value.pos};
  const size_t at_sign = value.text.rfind('@');
  if (at_sign == std::string::npos) return ref;
  const std::string version = value.text.substr(at_sign + 1);
  const bool digits = !version.empty() && version.size() <= 9 &&
                      std::all_of(version.begin(), version.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits)
    throw Error(ErrorKind::Binder, "option 'judge' names a model as 'name' or 'name@version', got '" + value.text + "'" +
                                       at(value.pos));
  ref.name.text = value.text.substr(0, at_sign);
  ref.version = std::stoll(version);
  return ref;
}

}  // namespace

std::optional<BoundJudge> Binder::bindJudge(const ast::OptionList& judge_options, const BoundModel& generator,
                                            const std::vector<std::string>& metrics,
                                            const std::vector<ast::Name>& metric_names,
                                            const ast::SourcePos& statement_pos) const {
  // The first metric that needs a judge, and where it was written (the model when defaulted).
  std::optional<std::string> judged;
  ast::SourcePos judged_pos = statement_pos;
  for (size_t i = 0; i < metrics.size() && !judged; ++i) {
    if (!registry::findMetric(metrics[i])->needs_judge) continue;
    judged = metrics[i];
    for (const auto& name : metric_names)
      if (lower(name.text) == metrics[i]) judged_pos = name.pos;
  }
  const auto judge_option = std::find_if(judge_options.begin(), judge_options.end(),
                                         [](const ast::Option& o) { return o.name.text == "judge"; });
  if (judge_options.empty()) {
    if (judged)
      throw Error(ErrorKind::Binder, "metric '" + *judged + "' needs a judge: add WITH (judge = <classifier>), a classifier "
                                     "of generator '" + generator.model.name + "''s dataset '" +
                                     generator.dataset.entry.name + "' that labels the samples" + at(judged_pos));
    return std::nullopt;
  }
  if (judge_option == judge_options.end())
    throw Error(ErrorKind::Binder, "option '" + judge_options.front().name.text + "' sets how the judge's samples are "
                                   "drawn, but no judge is named: add judge = <classifier>" +
                                   at(judge_options.front().name.pos));
  if (!judged)
    throw Error(ErrorKind::Binder, "a judge is read only by " + join(registry::judgedMetrics(), ", ") +
                                       ", and this statement computes none of them" + at(judge_option->name.pos));

  BoundJudge bound;
  bound.model = bindModel(judgeRef(*judge_option));
  checkJudgeFits(bound.model, generator, judge_option->value.pos);
  const OptionValues values = bindOptions(judge_options, registry::judgeOptions(), "the judge");
  bound.samples_per_class = values.integer("samples");
  bound.steps = values.integer("sample_steps");
  bound.guidance = values.real("guidance");
  bound.seed = values.integer("sample_seed");
  // SET seed stands for every seed a statement leaves unset, the samples' too.
  const bool seed_given = std::any_of(judge_options.begin(), judge_options.end(),
                                      [](const ast::Option& o) { return o.name.text == "sample_seed"; });
  if (!seed_given && settings_.seed) bound.seed = *settings_.seed;
  return bound;
}

}  // namespace lethe::planner
