// l1_sparse is fine-tuning plus an l1 penalty: its result has a smaller l1 norm than plain
// ft from the same start, with the same data order.
#include <gtest/gtest.h>

#include "ml/classifier.hpp"
#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

double l1Norm(const Bytes& weights) {
  const auto& trained = testing::trainedMlp();
  auto model = ml::makeClassifier(trained.arch, {1, 28, 28, 10});
  ml::loadWeights(*model, weights);
  double norm = 0;
  for (const auto& p : model->parameters()) norm += p.abs().sum().item<double>();
  return norm;
}

TEST(UnlearnL1Sparse, PenaltyShrinksTheWeights) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  auto request = testing::forgetRequest("ft", forget);
  request.options.set("epochs", int64_t{1});
  request.options.set("lr", 0.01);
  request.metrics = {"ra"};
  const ForgetOutcome ft = exec::forget(request, testing::testContext());

  request.method = "l1_sparse";
  request.options.set("gamma", 0.05);
  const ForgetOutcome sparse = exec::forget(request, testing::testContext());

  EXPECT_LT(l1Norm(sparse.weights), 0.9 * l1Norm(ft.weights));
  EXPECT_GT(sparse.metrics.at("ra"), 60.0);  // still a classifier
}

}  // namespace
}  // namespace lethe::exec
