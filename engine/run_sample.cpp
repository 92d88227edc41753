// SAMPLE: draw images from a generator version, then write them as a PNG grid (INTO 'file.png')
// or store them as a dataset in one transaction (docs/generation.md, "Samples as a dataset").
#include "common/error.hpp"
#include "engine/session.hpp"
#include "planner/sample_dataset.hpp"

namespace lethe::engine {

namespace {

// How the samples were drawn, as the dataset's recipe records it.
std::string recipeJson(const planner::BoundSample& bound) {
  OptionValues recipe;
  recipe.set("model", bound.generator.display());
  recipe.set("per_class", bound.count);
  if (bound.class_index)
    recipe.set("class", bound.generator.dataset.entry.class_names.at(static_cast<size_t>(*bound.class_index)));
  for (const auto& [name, value] : bound.options.all()) recipe.set(name, value);
  return recipe.toJson();
}

catalog::DatasetEntry storeSamples(Session& session, const planner::BoundSample& bound, const exec::SampleOutcome& samples) {
  const catalog::DatasetEntry& generator_data = bound.generator.dataset.entry;
  planner::SampleImages images;
  images.classes = static_cast<int64_t>(generator_data.class_names.size());
  images.channels = samples.channels;
  images.height = samples.height;
  images.width = samples.width;
  images.pixels = samples.pixels;
  images.labels = samples.labels;
  const std::vector<uint8_t> bytes = planner::encodeSampleImages(images);

  catalog::DatasetEntry entry;
  entry.name = bound.dataset;
  entry.kind = "samples";
  entry.format = "idx";  // how the binder hands it to the loaders (planner/sample_dataset.hpp)
  entry.content_hash = planner::sampleFilesHash(images);
  entry.recipe_json = recipeJson(bound);
  entry.num_train = images.count();
  entry.num_test = images.count();  // the same images: a generated set has nothing held out
  entry.class_names = generator_data.class_names;
  entry.channels = images.channels;
  entry.height = images.height;
  entry.width = images.width;

  stopIfCancelled(session);
  catalog::Catalog::Transaction transaction(session.catalog);
  if (session.catalog.findDataset(entry.name, /*with_ids=*/false))
    throw Error(ErrorKind::Execution, "dataset '" + entry.name + "' was created by another connection while this one sampled; "
                                      "nothing was stored");
  entry.id = session.catalog.insertDataset(entry);
  catalog::SampleSetEntry set;
  set.dataset_id = entry.id;
  set.model_id = bound.generator.model.id;
  set.version_id = bound.generator.version.id;
  session.catalog.insertSampleSet(set, bytes);
  transaction.commit();
  return entry;
}

}  // namespace

Result runSample(Session& session, const ast::SampleInfo& info) {
  const planner::BoundSample bound = session.binder().bindSample(info);
  auto plan = planner::planSample(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);

  exec::SampleRequest request;
  request.dataset = bound.generator.dataset.source;
  request.recipe = bound.generator.recipe;
  request.weights = session.catalog.loadVersionWeights(bound.generator.version);
  request.count = bound.count;
  request.class_index = bound.class_index;
  request.steps = bound.steps;
  request.guidance = bound.guidance;
  request.seed = static_cast<uint64_t>(bound.seed);
  const exec::SampleOutcome samples = exec::sample(request, session.context);
  plan.at(planner::OperatorKind::Sample).seconds = samples.seconds;
  if (static_cast<int64_t>(samples.labels.size()) != bound.images())
    throw Error(ErrorKind::Execution, "the generator drew " + std::to_string(samples.labels.size()) + " images, not the " +
                                          std::to_string(bound.images()) + " asked for");

  const auto start = std::chrono::steady_clock::now();
  Result result;
  if (bound.file) {
    stopIfCancelled(session);
    exec::writeSampleGrid(samples, *bound.file);
    plan.at(planner::OperatorKind::WriteFile).seconds = secondsSince(start);
    if (session.explain == ExplainMode::Analyze) return planResult(plan);
    result.setColumns({"model", "images", "path", "seconds", "images_per_s"});
    result.addRow({bound.generator.display(), bound.images(), *bound.file, samples.seconds, samples.images_per_second});
    return result;
  }
  const catalog::DatasetEntry stored = storeSamples(session, bound, samples);
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);
  result.setColumns({"model", "images", "dataset", "shape", "seconds", "images_per_s"});
  result.addRow({bound.generator.display(), bound.images(), stored.name,
                 std::to_string(stored.channels) + "x" + std::to_string(stored.height) + "x" + std::to_string(stored.width),
                 samples.seconds, samples.images_per_second});
  return result;
}

}  // namespace lethe::engine
