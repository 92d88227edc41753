// The pieces of the generator metrics: the Fréchet distance, the judge's labels and features,
// what the judge is shown, and the errors of exec::evaluate / exec::forget on a generator.
#include <gtest/gtest.h>

#include "common/generator_methods.hpp"
#include "executors/generation_judge.hpp"
#include "expect_error.hpp"
#include "test_generation_fixture.hpp"

namespace lethe::exec {
namespace {

using namespace testing;

torch::Tensor features(int64_t rows, int64_t width, uint64_t seed) {
  torch::manual_seed(seed);
  return torch::randn({rows, width}, torch::kFloat64).matmul(torch::randn({width, width}, torch::kFloat64));
}

TEST(FrechetDistance, IsZeroForASetAgainstItself) {
  const torch::Tensor a = features(300, 16, 1);
  EXPECT_NEAR(frechetDistance(a, a), 0.0, 1e-6);
}

TEST(FrechetDistance, GrowsWithAShiftOfTheMean) {
  const torch::Tensor a = features(300, 16, 1);
  // Equal covariances: the distance is the squared distance of the means, 16 x shift².
  EXPECT_NEAR(frechetDistance(a, a + 0.5), 16 * 0.25, 1e-6);
  EXPECT_NEAR(frechetDistance(a, a + 1.0), 16.0, 1e-6);
  EXPECT_GT(frechetDistance(a, a + 2.0), frechetDistance(a, a + 1.0));
}

TEST(FrechetDistance, MatchesTheClosedFormForAScaledSet) {
  // b = 2a: C_b = 4 C_a, so Tr(C_a + C_b − 2 (C_a^½ C_b C_a^½)^½) = Tr(5 C_a − 4 C_a) = Tr(C_a),
  // and the means differ by μ_a.
  const torch::Tensor a = features(400, 12, 2) + 0.3;
  const torch::Tensor centred = a - a.mean(0);
  const double trace = (centred.pow(2).sum() / double(a.size(0) - 1)).item<double>();
  const double mean_term = a.mean(0).pow(2).sum().item<double>();
  EXPECT_NEAR(frechetDistance(a, 2 * a), trace + mean_term, 1e-6 * (trace + mean_term));
  // Symmetric in its arguments.
  EXPECT_NEAR(frechetDistance(2 * a, a), frechetDistance(a, 2 * a), 1e-6 * (trace + mean_term));
}

TEST(FrechetDistance, RefusesSetsItCannotCompare) {
  expectExecutionError([] { frechetDistance(features(10, 4, 1), features(10, 5, 1)); }, "same width");
  expectExecutionError([] { frechetDistance(features(1, 4, 1), features(10, 4, 1)); }, "at least 2");
}

TEST(JudgeInput, QuantisesAndResizesGeneratedImages) {
  const torch::Tensor generated = torch::tensor({-1.0f, 1.0f, 0.0f, 0.5f}).reshape({1, 1, 2, 2});
  const torch::Tensor same = judgeInput(generated, 2, 2);
  EXPECT_FLOAT_EQ(same[0][0][0][0].item<float>(), 0.0f);
  EXPECT_FLOAT_EQ(same[0][0][0][1].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(same[0][0][1][0].item<float>(), 128.0f / 255.0f);  // 127.5 rounds up, as 8-bit samples do
  const torch::Tensor larger = judgeInput(torch::rand({3, 1, 8, 8}) * 2 - 1, 28, 28);
  EXPECT_EQ(larger.sizes(), (std::vector<int64_t>{3, 1, 28, 28}));
  EXPECT_GE(larger.min().item<float>(), 0.0f);
  EXPECT_LE(larger.max().item<float>(), 1.0f);
}

// Every native architecture ends in its "head" layer: the judge's labels are the classifier's own
// and its features are that layer's input.
TEST(GenerationJudgeModel, LabelsAsTheClassifierAndReadsTheHeadInput) {
  DatasetSource source;  // 28x28, one channel, 10 classes
  for (const std::string arch : {"mlp", "cnn", "resnet20"}) {
    torch::manual_seed(4);
    auto classifier = ml::makeClassifier(arch, {1, 28, 28, 10});
    classifier->eval();
    const GenerationJudge judge{arch, ml::saveWeights(*classifier)};
    GenerationJudgeModel model(judge, source, torch::kCPU);

    torch::manual_seed(5);
    const torch::Tensor images = torch::rand({6, 1, 28, 28});
    torch::Tensor logits;
    {
      torch::NoGradGuard no_grad;
      logits = classifier->forward(images);
    }
    const Judgement verdict = model.judge(images, /*batch_size=*/4);
    EXPECT_TRUE(torch::equal(verdict.predicted, logits.argmax(1))) << arch;
    torch::Tensor head_weight, head_bias;
    for (const auto& item : classifier->named_parameters()) {
      if (item.key() == "head.weight") head_weight = item.value().detach().to(torch::kFloat64);
      if (item.key() == "head.bias") head_bias = item.value().detach().to(torch::kFloat64);
    }
    ASSERT_EQ(verdict.features.size(0), 6);
    ASSERT_EQ(verdict.features.size(1), head_weight.size(1)) << arch;
    EXPECT_TRUE(torch::allclose(verdict.features.matmul(head_weight.t()) + head_bias, logits.to(torch::kFloat64),
                                1e-4, 1e-4))
        << arch;
  }
}

TEST(GenerationJudgeModel, RefusesAGeneratorAndWeightsOfAnotherShape) {
  DatasetSource source;
  expectExecutionError([&] { GenerationJudgeModel({"ddpm", {}}, source, torch::kCPU); }, "must be a classifier");
  torch::manual_seed(1);
  auto small = ml::makeClassifier("mlp", {1, 8, 8, 10});
  expectExecutionError([&] { GenerationJudgeModel({"mlp", ml::saveWeights(*small)}, source, torch::kCPU); },
                       "does not fit the generator's dataset of 28x28 images");
}

// An untrained tiny generator of the Fashion-MNIST subset, as a stored version.
EvaluateRequest generatorEvaluation(const std::vector<std::string>& metrics) {
  EvaluateRequest request;
  request.dataset = fashionRows(200, 100);
  request.arch = "ddpm";
  request.recipe = tinyGeneratorRecipe();
  request.weights = ml::saveGeneratorWeights(*tinyGenerator(10));
  request.metrics = metrics;
  return request;
}

GenerationJudge untrainedJudge() {
  torch::manual_seed(2);
  auto classifier = ml::makeClassifier("mlp", {1, 28, 28, 10});
  return {"mlp", ml::saveWeights(*classifier), 3, 2, 2.0, 1};
}

TEST(GenerationEvaluate, NamesWhatIsMissing) {
  const ExecutionContext context = generationContext();
  expectExecutionError([&] { evaluate(generatorEvaluation({"fid"}), context); }, "WITH (judge = <classifier>)");
  EvaluateRequest no_class = generatorEvaluation({"ua_gen"});
  no_class.judge = untrainedJudge();
  expectExecutionError([&] { evaluate(no_class, context); }, "needs the forgotten class");
  EvaluateRequest classifier_metric = generatorEvaluation({"ua"});
  expectExecutionError([&] { evaluate(classifier_metric, context); }, "use ua_gen, acc_gen or fid");
}

TEST(GenerationEvaluate, ComputesEveryMetricWithAJudge) {
  EvaluateRequest request = generatorEvaluation({"ua_gen", "acc_gen", "fid"});
  request.judge = untrainedJudge();
  ForgetSetSpec forget;
  forget.classes = {3};
  request.forget = forget;
  const EvaluateOutcome outcome = evaluate(request, generationContext());
  ASSERT_EQ(outcome.metrics.size(), 3u);
  for (const auto& [name, value] : outcome.metrics) {
    EXPECT_TRUE(std::isfinite(value)) << name;
    EXPECT_GE(value, 0.0) << name;
  }
  EXPECT_LE(outcome.metrics.at("ua_gen"), 100.0);
  EXPECT_LE(outcome.metrics.at("acc_gen"), 100.0);
  // The same seed draws the same samples.
  EXPECT_EQ(evaluate(request, generationContext()).metrics, outcome.metrics);
}

ForgetRequest generatorForget(const std::string& method) {
  const EvaluateRequest stored = generatorEvaluation({});
  ForgetRequest request;
  request.dataset = stored.dataset;
  request.arch = "ddpm";
  request.recipe = stored.recipe;
  request.weights = stored.weights;
  request.forget.classes = {1};
  request.forget.ids = trainIndicesOfClasses(request.dataset, {1});
  request.method = method;
  request.options = generatorMethodDefaults(method);
  request.options.set("steps", int64_t{2});
  request.options.set("batch_size", int64_t{8});
  return request;
}

TEST(GenerationForget, RefusesClassifierMethodsAndRowForgetSets) {
  const ExecutionContext context = generationContext();
  expectExecutionError([&] { forget(generatorForget("rl"), context); }, "use one of salun, ga, ft, retrain");
  ForgetRequest rows = generatorForget("ft");
  rows.forget.classes.clear();
  expectExecutionError([&] { forget(rows, context); }, "FORGET CLASS");
  ForgetRequest part = generatorForget("ft");
  part.forget.ids.pop_back();
  expectExecutionError([&] { forget(part, context); }, "every training row of its classes");
  ForgetRequest no_judge = generatorForget("ft");
  no_judge.metrics = {"ua_gen"};
  expectExecutionError([&] { forget(no_judge, context); }, "WITH (judge = <classifier>)");
}

TEST(GenerationForget, EveryMethodReturnsAGeneratorOfTheSameShape) {
  for (const std::string method : {"salun", "ga", "ft", "retrain"}) {
    ForgetRequest request = generatorForget(method);
    request.threshold = 0.5;  // salun's mask; ga and ft then run masked too, retrain ignores it
    const ForgetOutcome outcome = forget(request, generationContext());
    auto model = tinyGenerator(10, 9);
    EXPECT_NO_THROW(ml::loadGeneratorWeights(*model, outcome.weights)) << method;
    EXPECT_NE(outcome.weights, request.weights) << method;
    EXPECT_EQ(outcome.mask_computed, method != "retrain") << method;
  }
}

}  // namespace
}  // namespace lethe::exec
