// End to end on real data: a tiny generator and a judge trained on a Fashion-MNIST subset
// through exec::train, then exec::forget with salun on one class. The judge must stop seeing
// that class in its samples while the other classes stay recognisable.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "common/generator_methods.hpp"
#include "test_generation_fixture.hpp"

namespace lethe::exec {
namespace {

using namespace testing;

constexpr int64_t kTrouser = 1;  // drawn recognisably even at 8x8

struct Trained {
  DatasetSource dataset = fashionRows(2000, 1000);
  OptionValues recipe;
  Bytes generator;
  GenerationJudge judge;
};

const Trained& trained() {
  static const Trained models = [] {
    Trained t;
    const ExecutionContext context = generationContext();
    t.recipe = tinyGeneratorRecipe(/*steps=*/250);
    t.recipe.set("channels", int64_t{16});
    t.recipe.set("batch_size", int64_t{64});
    t.recipe.set("lr", 3e-3);
    const TrainOutcome generator = train({t.dataset, "ddpm", t.recipe, {}}, context);
    std::printf("[ generator] 8x8, %lld parameters, 250 steps: loss %.4f in %.2fs\n",
                static_cast<long long>(generator.parameters), generator.metrics.at("loss"), generator.seconds);
    t.generator = generator.weights;

    OptionValues judge_recipe;
    judge_recipe.set("epochs", int64_t{4});
    judge_recipe.set("lr", 0.05);
    judge_recipe.set("batch_size", int64_t{64});
    judge_recipe.set("momentum", 0.9);
    judge_recipe.set("weight_decay", 5e-4);
    judge_recipe.set("seed", int64_t{1});
    const TrainOutcome judge = train({t.dataset, "mlp", judge_recipe, {}}, context);
    std::printf("[ judge    ] mlp: test accuracy %.2f%% in %.2fs\n", judge.metrics.at("test_acc"), judge.seconds);
    t.judge = {"mlp", judge.weights, /*samples_per_class=*/20, /*steps=*/10, /*guidance=*/2.0, /*seed=*/1};
    return t;
  }();
  return models;
}

ForgetSetSpec trousers(const DatasetSource& dataset) {
  ForgetSetSpec forget;
  forget.classes = {kTrouser};
  forget.ids = trainIndicesOfClasses(dataset, forget.classes);
  return forget;
}

std::map<std::string, double> judged(const Bytes& generator) {
  const Trained& t = trained();
  EvaluateRequest request;
  request.dataset = t.dataset;
  request.arch = "ddpm";
  request.recipe = t.recipe;
  request.weights = generator;
  request.forget = trousers(t.dataset);
  request.metrics = {"ua_gen", "acc_gen", "fid"};
  request.judge = t.judge;
  return evaluate(request, generationContext()).metrics;
}

void print(const char* label, const std::map<std::string, double>& metrics) {
  std::printf("[ %-9s] ua_gen %6.2f  acc_gen %6.2f  fid %8.4f\n", label, metrics.at("ua_gen"), metrics.at("acc_gen"),
              metrics.at("fid"));
}

TEST(GenerationForgetEndToEnd, SalunStopsTheGeneratorDrawingAClassAndKeepsTheOthers) {
  const Trained& t = trained();
  const auto before = judged(t.generator);
  print("original", before);

  ForgetRequest request;
  request.dataset = t.dataset;
  request.arch = "ddpm";
  request.recipe = t.recipe;
  request.weights = t.generator;
  request.forget = trousers(t.dataset);
  request.method = "salun";
  request.threshold = 0.5;
  // A generator this small needs a heavier retain term than the default α = 1 to keep its other
  // classes (docs/generation.md, "Unlearning a generator").
  request.options = generatorMethodDefaults("salun");
  request.options.set("steps", int64_t{30});
  request.options.set("lr", 3e-4);
  request.options.set("alpha", 10.0);
  request.options.set("batch_size", int64_t{64});
  request.options.set("seed", int64_t{1});
  request.metrics = {"ua_gen", "acc_gen", "fid"};
  request.judge = t.judge;
  const ForgetOutcome outcome = forget(request, generationContext());
  print("salun", outcome.metrics);
  std::printf("[ salun    ] mask %.2fs  unlearn %.2fs  evaluate %.2fs\n", outcome.mask_seconds, outcome.unlearn_seconds,
              outcome.evaluate_seconds);

  // The judge's share of forget-class samples it labels as that class.
  const double share_before = 100.0 - before.at("ua_gen"), share_after = 100.0 - outcome.metrics.at("ua_gen");
  EXPECT_GE(share_before, 30.0) << "the original generator should draw trousers the judge recognises";
  EXPECT_LE(share_after, share_before - 25.0);
  EXPECT_NEAR(outcome.metrics.at("acc_gen"), before.at("acc_gen"), 8.0);
  EXPECT_TRUE(outcome.mask_computed);
  // The stored weights are the ones evaluated: the same samples, the same metrics.
  EXPECT_EQ(judged(outcome.weights), outcome.metrics);
}

}  // namespace
}  // namespace lethe::exec
