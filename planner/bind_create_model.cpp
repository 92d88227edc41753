// CREATE MODEL name ARCH a ON dataset WITH (training recipe).
#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

BoundCreateModel Binder::bindCreateModel(const ast::CreateModelInfo& info) const {
  BoundCreateModel bound;
  const bool exists = catalog_.findModel(info.name.text).has_value();
  if (exists && !info.if_not_exists)
    throw Error(ErrorKind::Binder, "model '" + info.name.text + "' already exists" + at(info.name.pos));
  // IF NOT EXISTS skips the training, not the checks: a statement with a typo must fail
  // whether or not the model happens to exist (validated below, then skipped).
  const std::string arch = lower(info.arch.text);
  if (!registry::findArch(arch))
    throw Error(ErrorKind::Binder, unknownNameMessage("architecture", info.arch.text, registry::archNames()) + at(info.arch.pos));
  bound.name = info.name.text;
  bound.arch = arch;
  bound.dataset = bindDataset(info.dataset);
  bound.recipe = bindOptions(info.options, registry::trainingOptions(), "CREATE MODEL");
  // gamma and step_size shape only the step schedule; given with another they would be
  // silently ignored, which hides a mistake.
  for (const auto& option : info.options) {
    const std::string& name = option.name.text;
    if ((name == "gamma" || name == "step_size") && bound.recipe.string("schedule") != "step")
      throw Error(ErrorKind::Binder, "option '" + name + "' of CREATE MODEL applies to schedule = 'step' only, not '" +
                                         bound.recipe.string("schedule") + "'" + at(option.name.pos));
  }
  bound.skip = exists;
  return bound;
}

}  // namespace lethe::planner
