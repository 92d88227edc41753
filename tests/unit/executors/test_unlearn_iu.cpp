// IU is one Newton-like step: no training loop, a deterministic weight change that raises the
// forget set's error, and under a saliency mask it touches only the salient weights.
#include <gtest/gtest.h>

#include <set>

#include "ml/classifier.hpp"
#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

std::vector<torch::Tensor> parametersOf(const Bytes& weights) {
  auto model = ml::makeClassifier(testing::trainedMlp().arch, {1, 28, 28, 10});
  ml::loadWeights(*model, weights);
  std::vector<torch::Tensor> parameters;
  for (const auto& p : model->parameters()) parameters.push_back(p.detach().clone());
  return parameters;
}

ForgetRequest iuRequest(const ForgetSetSpec& forget) {
  ForgetRequest request = testing::forgetRequest("iu", forget);
  request.options.set("alpha", 2.0);
  request.options.set("fisher_samples", int64_t{300});
  return request;
}

TEST(UnlearnIu, OneStepRaisesTheForgetError) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  const auto before = testing::metricsOf(testing::trainedMlp().weights, forget);
  ExecutionContext context = testing::testContext();
  std::set<std::string> reported;
  context.progress = [&](const Progress& progress) { reported.insert(progress.op); };
  const ForgetOutcome outcome = exec::forget(iuRequest(forget), context);
  testing::printMetrics("iu", outcome.metrics, outcome.unlearn_seconds);

  EXPECT_GE(outcome.metrics.at("ua"), before.at("ua") + 20.0);
  EXPECT_GT(outcome.metrics.at("ta"), 50.0);  // still a classifier
  EXPECT_TRUE(reported.count("iu"));
  EXPECT_NE(outcome.weights, testing::trainedMlp().weights);
}

TEST(UnlearnIu, IsDeterministicAndScalesWithAlpha) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  ForgetRequest request = iuRequest(forget);
  request.metrics = {};
  const auto original = parametersOf(testing::trainedMlp().weights);
  const auto once = parametersOf(exec::forget(request, testing::testContext()).weights);
  const auto again = parametersOf(exec::forget(request, testing::testContext()).weights);
  request.options.set("alpha", 4.0);
  const auto twice = parametersOf(exec::forget(request, testing::testContext()).weights);
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_TRUE(torch::equal(once[i], again[i]));
    // θ + 2αk − θ = 2 (θ + αk − θ): the update is linear in alpha.
    EXPECT_TRUE(torch::allclose(twice[i] - original[i], 2 * (once[i] - original[i]), 1e-3, 1e-6));
  }
}

TEST(UnlearnIu, SaliencyMaskConfinesTheStep) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  ForgetRequest request = iuRequest(forget);
  request.threshold = 0.3;
  request.metrics = {};
  const auto original = parametersOf(testing::trainedMlp().weights);
  const auto changed = parametersOf(exec::forget(request, testing::testContext()).weights);
  int64_t moved = 0, total = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    moved += (changed[i] != original[i]).sum().item<int64_t>();
    total += original[i].numel();
  }
  EXPECT_GT(moved, 0);
  EXPECT_LE(moved, static_cast<int64_t>(0.3 * total) + 1);
}

}  // namespace
}  // namespace lethe::exec
