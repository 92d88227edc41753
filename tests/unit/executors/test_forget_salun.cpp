// SalUn through exec::forget on real data: class-wise forgetting of Sneaker.
#include <gtest/gtest.h>

#include <set>

#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

using namespace testing;

ForgetRequest salunRequest(const ForgetSetSpec& forget_set) {
  ForgetRequest request = forgetRequest("salun", forget_set);
  request.options.set("epochs", int64_t{2});
  request.options.set("lr", 0.013);
  request.options.set("batch_size", int64_t{256});
  request.options.set("momentum", 0.9);
  request.options.set("weight_decay", 5e-4);
  request.options.set("seed", int64_t{1});
  request.threshold = 0.5;
  return request;
}

TEST(ForgetSalun, ForgetsAClassAndKeepsTheRest) {
  const ForgetSetSpec forget_set = classForgetSet(fashionSubset(), kSneaker);
  ASSERT_GT(forget_set.ids.size(), 200u);
  const auto before = metricsOf(trainedMlp().weights, forget_set);
  printMetrics("before", before, 0.0);

  ExecutionContext context = testContext();
  std::set<std::string> reported;
  context.progress = [&](const Progress& progress) { reported.insert(progress.op); };
  const ForgetOutcome outcome = forget(salunRequest(forget_set), context);
  printMetrics("salun", outcome.metrics, outcome.mask_seconds + outcome.unlearn_seconds);
  std::printf("[ salun    ] mask %.2fs  unlearn %.2fs  evaluate %.2fs\n", outcome.mask_seconds,
              outcome.unlearn_seconds, outcome.evaluate_seconds);

  EXPECT_LT(before.at("ua"), 20.0);  // the original model knows sneakers
  EXPECT_GE(outcome.metrics.at("ua"), 90.0);
  EXPECT_NEAR(outcome.metrics.at("ta"), before.at("ta"), 5.0);
  EXPECT_GT(outcome.metrics.at("ra"), before.at("ra") - 10.0);
  EXPECT_TRUE(outcome.mask_computed);
  ASSERT_TRUE(outcome.mask.has_value());
  EXPECT_GT(outcome.unlearn_seconds, 0.0);
  EXPECT_TRUE(reported.count("saliency"));
  EXPECT_TRUE(reported.count("salun"));
  EXPECT_TRUE(reported.count("evaluate"));
  // The returned weights are the unlearned model: evaluating them again agrees.
  EXPECT_NEAR(metricsOf(outcome.weights, forget_set).at("ua"), outcome.metrics.at("ua"), 1e-6);
}

TEST(ForgetSalun, ReusingTheStoredMaskReproducesTheRun) {
  const ForgetSetSpec forget_set = classForgetSet(fashionSubset(), kSneaker);
  ForgetRequest request = salunRequest(forget_set);
  request.options.set("epochs", int64_t{1});
  request.metrics = {"ua"};
  const ForgetOutcome first = forget(request, testContext());
  request.mask = first.mask;
  const ForgetOutcome second = forget(request, testContext());
  EXPECT_FALSE(second.mask_computed);
  EXPECT_EQ(second.mask, first.mask);
  EXPECT_EQ(second.weights, first.weights);
}

}  // namespace
}  // namespace lethe::exec
