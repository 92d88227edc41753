// SAMPLE n FROM gen[@v] [CLASS 'c'] [WITH (steps, guidance, seed)] [INTO 'grid.png' | INTO name].
#include "common/error.hpp"
#include "common/strings.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

// Enough for any grid or judged set; a mistyped 1000000 should not run for days.
constexpr int64_t kMaxSamplesPerClass = 10000;

bool endsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && lower(text.substr(text.size() - suffix.size())) == suffix;
}

}  // namespace

int64_t BoundSample::images() const {
  return class_index ? count : count * static_cast<int64_t>(generator.dataset.entry.class_names.size());
}

BoundSample Binder::bindSample(const ast::SampleInfo& info) const {
  BoundSample bound;
  bound.generator = bindModel(info.model);
  const BoundModel& generator = bound.generator;
  if (generator.kind() != ModelKind::Generator)
    throw Error(ErrorKind::Binder, "SAMPLE draws from a generator; model '" + generator.model.name + "' is a classifier (" +
                                       generator.model.arch + "). A generator is made by CREATE MODEL ... ARCH ddpm" +
                                       at(info.model.name.pos));
  if (info.count < 1 || info.count > kMaxSamplesPerClass)
    throw Error(ErrorKind::Binder, "SAMPLE draws between 1 and " + std::to_string(kMaxSamplesPerClass) +
                                       " images (per class), got " + std::to_string(info.count) + at(info.count_pos));
  bound.count = info.count;
  if (info.class_value) bound.class_index = resolveClass(*info.class_value, generator.dataset.entry.class_names);

  bound.options = bindOptions(info.options, registry::sampleOptions(), "SAMPLE");
  bound.steps = bound.options.integer("steps");
  bound.guidance = bound.options.real("guidance");
  bound.seed = bound.options.integer("seed");

  if (info.into_file) {
    const std::string& path = info.into_file->text;
    if (!endsWith(path, ".png"))
      throw Error(ErrorKind::Binder, "SAMPLE ... INTO writes a PNG grid: the file name must end in .png, got '" + path +
                                         "' (INTO name, without quotes, stores the samples as a dataset)" +
                                         at(info.into_file->pos));
    bound.file = bindOutputFile(*info.into_file);
    return bound;
  }
  // Stored as a dataset: IDX files hold one channel per image (docs/generation.md, "Samples as a dataset").
  if (generator.dataset.entry.channels != 1)
    throw Error(ErrorKind::Binder, "samples are stored as a dataset of single-channel images, and generator '" +
                                       generator.model.name + "' draws " + std::to_string(generator.dataset.entry.channels) +
                                       "-channel ones: write them to a PNG with INTO 'file.png'" + at(info.model.name.pos));
  if (info.into_dataset) {
    if (catalog_.findDataset(info.into_dataset->text, /*with_ids=*/false))
      throw Error(ErrorKind::Binder, "dataset '" + info.into_dataset->text + "' already exists; INTO needs a new name" +
                                         at(info.into_dataset->pos));
    bound.dataset = info.into_dataset->text;
  } else {
    // gen_samples, then gen_samples_2, ...: the first name not taken.
    const std::string base = generator.model.name + "_samples";
    bound.dataset = base;
    for (int n = 2; catalog_.findDataset(bound.dataset, /*with_ids=*/false); ++n) bound.dataset = base + "_" + std::to_string(n);
  }
  return bound;
}

}  // namespace lethe::planner
