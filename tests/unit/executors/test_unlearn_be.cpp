// BE trains the forget set toward an extra shadow class and removes it again: the result has
// the original number of outputs and no longer recognises the forgotten class.
#include <gtest/gtest.h>

#include "ml/classifier.hpp"
#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

TEST(UnlearnBe, ForgetsAndKeepsTheOutputCount) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  const auto before = testing::metricsOf(testing::trainedMlp().weights, forget);
  ForgetRequest request = testing::forgetRequest("be", forget);
  request.options.set("epochs", int64_t{5});
  request.options.set("lr", 1e-3);
  const ForgetOutcome outcome = exec::forget(request, testing::testContext());
  testing::printMetrics("be", outcome.metrics, outcome.unlearn_seconds);

  // The stored weights load into a 10-class network, and its head has 10 rows.
  auto model = ml::makeClassifier(testing::trainedMlp().arch, {1, 28, 28, 10});
  ASSERT_NO_THROW(ml::loadWeights(*model, outcome.weights));
  int64_t head_parameters = 0;
  for (const auto& named : model->named_parameters()) {
    if (named.key().rfind("head.", 0) != 0) continue;
    EXPECT_EQ(named.value().size(0), 10) << named.key();
    ++head_parameters;
  }
  EXPECT_GT(head_parameters, 0);
  torch::NoGradGuard no_grad;
  EXPECT_EQ(model->forward(torch::zeros({2, 1, 28, 28})).size(1), 10);

  EXPECT_GE(outcome.metrics.at("ua"), before.at("ua") + 50.0);
  EXPECT_GT(outcome.metrics.at("ta"), before.at("ta") - 10.0);
}

TEST(UnlearnBe, UnderAMaskOnlySalientWeightsMove) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  ForgetRequest request = testing::forgetRequest("be", forget);
  request.options.set("epochs", int64_t{1});
  request.options.set("lr", 1e-3);
  request.threshold = 0.2;
  request.metrics = {};
  const ForgetOutcome outcome = exec::forget(request, testing::testContext());
  auto original = ml::makeClassifier(testing::trainedMlp().arch, {1, 28, 28, 10});
  auto changed = ml::makeClassifier(testing::trainedMlp().arch, {1, 28, 28, 10});
  ml::loadWeights(*original, testing::trainedMlp().weights);
  ml::loadWeights(*changed, outcome.weights);
  int64_t moved = 0, total = 0;
  const auto a = original->parameters();
  const auto b = changed->parameters();
  for (size_t i = 0; i < a.size(); ++i) {
    moved += (a[i] != b[i]).sum().item<int64_t>();
    total += a[i].numel();
  }
  EXPECT_GT(moved, 0);
  EXPECT_LE(moved, static_cast<int64_t>(0.2 * total) + 1);
}

}  // namespace
}  // namespace lethe::exec
