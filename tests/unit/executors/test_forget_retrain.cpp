// Retrain through exec::forget: a model that never saw the forgotten class.
#include <gtest/gtest.h>

#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

using namespace testing;

TEST(ForgetRetrain, NeverLearnsTheForgottenClass) {
  const ForgetSetSpec forget_set = classForgetSet(fashionSubset(), kSneaker);
  ForgetRequest request = forgetRequest("retrain", forget_set);
  request.options.set("epochs", int64_t{0});  // the recipe's
  request.options.set("seed", int64_t{2});
  const ForgetOutcome outcome = forget(request, testContext());
  printMetrics("retrain", outcome.metrics, outcome.unlearn_seconds);

  EXPECT_GE(outcome.metrics.at("ua"), 99.0);
  EXPECT_GT(outcome.metrics.at("ta"), 70.0);
  EXPECT_FALSE(outcome.mask.has_value());
  EXPECT_NE(outcome.weights, trainedMlp().weights);
}

}  // namespace
}  // namespace lethe::exec
