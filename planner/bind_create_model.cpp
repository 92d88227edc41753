// CREATE MODEL name ARCH a ON dataset WITH (training recipe).
#include <algorithm>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

bool hasOption(const std::vector<OptionSpec>& specs, const std::string& name) {
  return std::any_of(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
}

std::vector<std::string> optionNames(const std::vector<OptionSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);
  return names;
}

// A classifier's recipe option on a generator (epochs on ddpm) or the other way round (steps on
// cnn) is a mix-up of model kinds, not a typo: say which options this kind takes.
void rejectOptionsOfOtherKind(const ast::OptionList& options, const std::string& arch, ModelKind kind) {
  const ModelKind other = kind == ModelKind::Generator ? ModelKind::Classifier : ModelKind::Generator;
  const auto& own = registry::trainingOptions(kind);
  for (const auto& option : options) {
    const std::string& name = option.name.text;
    if (hasOption(own, name) || !hasOption(registry::trainingOptions(other), name)) continue;
    throw Error(ErrorKind::Binder, "option '" + name + "' trains a " + modelKindName(other) + "; ARCH " + arch + " is a " +
                                       modelKindName(kind) + ", trained with " + join(optionNames(own), ", ") +
                                       at(option.name.pos));
  }
}

}  // namespace

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
  const ModelKind kind = modelKindOfArch(arch);
  bound.name = info.name.text;
  bound.arch = arch;
  bound.dataset = bindDataset(info.dataset);
  rejectOptionsOfOtherKind(info.options, arch, kind);
  bound.recipe = bindOptions(info.options, registry::trainingOptions(kind), "CREATE MODEL");
  // gamma and step_size shape only the step schedule; given with another they would be
  // silently ignored, which hides a mistake.
  for (const auto& option : info.options) {
    const std::string& name = option.name.text;
    if ((name == "gamma" || name == "step_size") && bound.recipe.string("schedule") != "step")
      throw Error(ErrorKind::Binder, "option '" + name + "' of CREATE MODEL applies to schedule = 'step' only, not '" +
                                         bound.recipe.string("schedule") + "'" + at(option.name.pos));
    // The generator's UNet takes even widths only (ml/diffusion.hpp): said here, before any training.
    if (kind == ModelKind::Generator && name == "channels" && bound.recipe.integer("channels") % 2 != 0)
      throw Error(ErrorKind::Binder, "option 'channels' of CREATE MODEL must be an even number for ARCH " + arch + ", got " +
                                         std::to_string(bound.recipe.integer("channels")) + at(option.value.pos));
  }
  bound.skip = exists;
  return bound;
}

}  // namespace lethe::planner
