// The learning-rate schedules of the training recipe.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "ml/lr_schedule.hpp"

namespace lethe::ml {
namespace {

// The rate of the first step of each epoch.
std::vector<double> perEpoch(const LrSchedule& schedule) {
  std::vector<double> rates;
  for (int64_t epoch = 0; epoch < schedule.epochs; ++epoch)
    rates.push_back(learningRate(schedule, epoch * schedule.steps_per_epoch));
  return rates;
}

TEST(LrSchedule, StepDecaysAtHalfAndThreeQuartersByDefault) {
  const LrSchedule schedule{"step", 0.1, 8, 5, 0.1, 0};
  const std::vector<double> rates = perEpoch(schedule);
  const std::vector<double> expected = {0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001};
  for (size_t e = 0; e < rates.size(); ++e) EXPECT_NEAR(rates[e], expected[e], 1e-12) << "epoch " << e;
  // Constant within an epoch: the last step of epoch 3 still has the undecayed rate.
  EXPECT_DOUBLE_EQ(learningRate(schedule, 4 * 5 - 1), 0.1);
  EXPECT_NEAR(learningRate(schedule, 4 * 5), 0.01, 1e-12);
  // SalUn's recipe: 182 epochs decay at 91 and 136, as its MultiStepLR milestones.
  const LrSchedule paper{"step", 0.1, 182, 1, 0.1, 0};
  EXPECT_EQ(stepDecays(paper, 90), 0);
  EXPECT_EQ(stepDecays(paper, 91), 1);
  EXPECT_EQ(stepDecays(paper, 135), 1);
  EXPECT_EQ(stepDecays(paper, 136), 2);
  // One epoch never decays; two decay once, at the second.
  EXPECT_EQ(stepDecays({"step", 0.1, 1, 1, 0.1, 0}, 0), 0);
  EXPECT_EQ(stepDecays({"step", 0.1, 2, 1, 0.1, 0}, 1), 1);
  EXPECT_EQ(stepDecays({"step", 0.1, 3, 1, 0.1, 0}, 2), 1);
}

TEST(LrSchedule, StepSizeDecaysEveryKEpochs) {
  const LrSchedule schedule{"step", 0.2, 10, 3, 0.5, 3};
  const std::vector<double> rates = perEpoch(schedule);
  const std::vector<double> expected = {0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
  for (size_t e = 0; e < rates.size(); ++e) EXPECT_NEAR(rates[e], expected[e], 1e-12) << "epoch " << e;
}

TEST(LrSchedule, CosineAndConstant) {
  const LrSchedule cosine{"cosine", 0.05, 4, 10, 0.1, 0};
  EXPECT_DOUBLE_EQ(learningRate(cosine, 0), 0.05);
  EXPECT_NEAR(learningRate(cosine, 20), 0.025, 1e-12);
  EXPECT_NEAR(learningRate(cosine, 40), 0.0, 1e-12);
  EXPECT_GT(learningRate(cosine, 11), learningRate(cosine, 12)) << "cosine changes every step, not per epoch";
  const LrSchedule constant{"constant", 0.05, 4, 10, 0.1, 0};
  for (int64_t step : {0, 13, 39}) EXPECT_DOUBLE_EQ(learningRate(constant, step), 0.05);
}

TEST(LrSchedule, CosinePerEpochMatchesPyTorchsCosineAnnealingSteppedPerEpoch) {
  // torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4) with scheduler.step() after
  // each epoch: 0.1, 0.1 (1 + cos(pi/4)) / 2, 0.05, 0.1 (1 + cos(3 pi/4)) / 2.
  const LrSchedule schedule{"cosine_epoch", 0.1, 4, 10, 0.1, 0};
  const std::vector<double> expected = {0.1, 0.08535533905932738, 0.05, 0.014644660940672627};
  const std::vector<double> rates = perEpoch(schedule);
  for (size_t e = 0; e < rates.size(); ++e) EXPECT_NEAR(rates[e], expected[e], 1e-12) << "epoch " << e;
  EXPECT_DOUBLE_EQ(learningRate(schedule, 19), learningRate(schedule, 10)) << "constant within an epoch";
}

TEST(LrSchedule, UnknownKindSuggestsAName) {
  try {
    learningRate({"stepp", 0.1}, 0);
    FAIL() << "unknown schedule accepted";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "unknown learning-rate schedule 'stepp'. Did you mean 'step'?");
  }
}

}  // namespace
}  // namespace lethe::ml
