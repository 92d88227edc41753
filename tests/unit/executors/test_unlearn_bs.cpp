// BS relabels each forget image with the class an FGSM step reaches and fine-tunes toward it:
// the forgotten class's accuracy falls while the rest of the test set holds.
#include <gtest/gtest.h>

#include <set>

#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

TEST(UnlearnBs, ShrinksTheForgottenClass) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  const auto before = testing::metricsOf(testing::trainedMlp().weights, forget);
  ForgetRequest request = testing::forgetRequest("bs", forget);
  request.options.set("epochs", int64_t{5});
  request.options.set("lr", 3e-3);
  ExecutionContext context = testing::testContext();
  std::set<std::string> reported;
  context.progress = [&](const Progress& progress) { reported.insert(progress.op); };
  const ForgetOutcome outcome = exec::forget(request, context);
  testing::printMetrics("before", before, 0.0);
  testing::printMetrics("bs", outcome.metrics, outcome.unlearn_seconds);

  EXPECT_GE(outcome.metrics.at("ua"), before.at("ua") + 50.0);
  // ta counts only the remaining classes on a class-wise forget set.
  EXPECT_GT(outcome.metrics.at("ta"), before.at("ta") - 10.0);
  EXPECT_TRUE(reported.count("bs"));
}

TEST(UnlearnBs, SameSeedSameWeights) {
  const auto forget = testing::classForgetSet(testing::trainedMlp().dataset, testing::kSneaker);
  ForgetRequest request = testing::forgetRequest("bs", forget);
  request.options.set("epochs", int64_t{1});
  request.metrics = {};
  EXPECT_EQ(exec::forget(request, testing::testContext()).weights,
            exec::forget(request, testing::testContext()).weights);
}

}  // namespace
}  // namespace lethe::exec
