#pragma once
// Generators for the generation tests: an untrained tiny one on synthetic 8x8 images (the
// saliency and update tests need a network, not a good one) and the Fashion-MNIST subset the
// end-to-end tests train theirs on.
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "common/generator_methods.hpp"
#include "executors/api.hpp"
#include "ml/dataset.hpp"
#include "ml/diffusion.hpp"
#include "planner/registry.hpp"

namespace lethe::exec::testing {

// Every option of a generator `method` at its default, as the registry resolves a statement
// that sets none: the executors read only resolved options, and these tests bypass the planner.
inline OptionValues generatorMethodDefaults(const std::string& method) {
  OptionValues values;
  for (const OptionSpec& spec : generatorMethodOptions(method)) values.set(spec.name, spec.default_value);
  return values;
}

inline ExecutionContext generationContext() {
  ExecutionContext context;
  context.device = "cpu";
  context.threads = 2;
  context.seed = 1;
  return context;
}

// The first `train` / `test` rows of Fashion-MNIST.
inline DatasetSource fashionRows(int64_t train, int64_t test) {
  DatasetSource source;
  source.format = "idx";
  source.path = registry::findBuiltinDataset("fashion-mnist")->path;  // honours its override
  std::vector<int64_t> train_ids(static_cast<size_t>(train)), test_ids(static_cast<size_t>(test));
  std::iota(train_ids.begin(), train_ids.end(), 0);
  std::iota(test_ids.begin(), test_ids.end(), 0);
  source.train_ids = train_ids;
  source.test_ids = test_ids;
  return source;
}

// A generator recipe small enough for a unit test: 8x8 images, 8 base channels.
inline OptionValues tinyGeneratorRecipe(int64_t steps = 1) {
  OptionValues recipe;
  recipe.set("resolution", int64_t{8});
  recipe.set("channels", int64_t{8});
  recipe.set("steps", steps);
  recipe.set("batch_size", int64_t{32});
  recipe.set("lr", 1e-3);
  recipe.set("seed", int64_t{1});
  return recipe;
}

inline ml::GeneratorConfig tinyGeneratorConfig(int64_t classes) {
  ml::GeneratorConfig config;
  config.resolution = 8;
  config.width = 8;
  config.classes = classes;
  return config;
}

// An untrained generator from a fixed seed.
inline std::shared_ptr<ml::NoisePredictor> tinyGenerator(int64_t classes, uint64_t seed = 1) {
  torch::manual_seed(seed);
  return ml::makeNoisePredictor(tinyGeneratorConfig(classes));
}

// `per_class` 8x8 images of each of `classes` classes: class c is a bright square at a position
// of its own over dim noise, so the classes differ in a way a generator can learn.
inline ml::Split syntheticImages(int64_t classes, int64_t per_class, uint64_t seed = 3) {
  torch::manual_seed(seed);
  const int64_t rows = classes * per_class;
  torch::Tensor images = torch::randint(0, 60, {rows, 1, 8, 8}, torch::kLong);
  torch::Tensor labels = torch::arange(classes, torch::kLong).repeat_interleave(per_class);
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t c = labels[i].item<int64_t>();
    const int64_t row = (c * 3) % 6, column = (c * 5) % 6;
    images.index_put_({i, 0, torch::indexing::Slice(row, row + 3), torch::indexing::Slice(column, column + 3)}, 230);
  }
  return {images.to(torch::kUInt8), labels};
}

inline std::vector<int64_t> rowsOfClass(const ml::Split& split, int64_t label) {
  const torch::Tensor rows = split.labels.eq(label).nonzero().flatten().contiguous();
  return {rows.data_ptr<int64_t>(), rows.data_ptr<int64_t>() + rows.numel()};
}

}  // namespace lethe::exec::testing
