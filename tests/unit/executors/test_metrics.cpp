// Evaluation sets and the UA / RA / TA / MIA metrics on a model with known predictions.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "executors/metrics.hpp"

namespace lethe::exec {
namespace {

// Ten training rows labelled 0,1,2,0,1,2,0,1,2,0 and six test rows labelled 0,1,2,0,1,2.
ml::Dataset cyclicDataset() {
  ml::Dataset data;
  data.train = {torch::zeros({10, 1, 28, 28}, torch::kUInt8), torch::arange(10) % 3};
  data.test = {torch::zeros({6, 1, 28, 28}, torch::kUInt8), torch::arange(6) % 3};
  data.num_classes = 3;
  return data;
}

// An mlp that predicts class 0 for every input.
std::shared_ptr<ml::Classifier> alwaysClassZero() {
  auto model = ml::makeClassifier("mlp", ml::InputShape{1, 28, 28, 3});
  torch::NoGradGuard no_grad;
  for (auto& parameter : model->parameters()) parameter.zero_();
  model->named_parameters()["head.bias"][0] = 2.0;
  return model;
}

std::vector<int64_t> asVector(const torch::Tensor& ids) {
  const torch::Tensor flat = ids.contiguous();
  return {flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel()};
}

// Of the six test rows, round(6 / 5) = 1 is the calibration split (row 0 under its fixed seed).
TEST(EvaluationSets, SampleForgettingKeepsEveryTestRowOutsideTheCalibrationSplit) {
  const ml::Dataset data = cyclicDataset();
  const ForgetSetSpec forget{{5, 1, 1, 3}, {}};
  const EvaluationSets sets = makeEvaluationSets(data, &forget);
  EXPECT_EQ(asVector(sets.forget), (std::vector<int64_t>{1, 3, 5}));
  EXPECT_EQ(asVector(sets.retain), (std::vector<int64_t>{0, 2, 4, 6, 7, 8, 9}));
  EXPECT_EQ(asVector(sets.test), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(asVector(sets.heldout), (std::vector<int64_t>{0}));
}

TEST(EvaluationSets, TheCalibrationSplitIsAFixedFifthOfTheTestRows) {
  const torch::Tensor split = calibrationSplitMask(1000);
  EXPECT_EQ(split.sum().item<int64_t>(), 200);
  EXPECT_TRUE(split.equal(calibrationSplitMask(1000))) << "the same rows for every statement";
  EXPECT_EQ(calibrationSplitMask(0).numel(), 0);
}

TEST(EvaluationSets, ClassWiseForgettingDropsTheClassFromTest) {
  const ml::Dataset data = cyclicDataset();
  const ForgetSetSpec forget{{2, 5, 8}, {2}};
  const EvaluationSets sets = makeEvaluationSets(data, &forget);
  EXPECT_EQ(asVector(sets.forget), (std::vector<int64_t>{2, 5, 8}));
  EXPECT_EQ(asVector(sets.retain), (std::vector<int64_t>{0, 1, 3, 4, 6, 7, 9}));
  EXPECT_EQ(asVector(sets.test), (std::vector<int64_t>{1, 3, 4}));
  EXPECT_EQ(asVector(sets.heldout), (std::vector<int64_t>{0}));
}

TEST(EvaluationSets, NoForgetSetRetainsEverything) {
  const EvaluationSets sets = makeEvaluationSets(cyclicDataset(), nullptr);
  EXPECT_EQ(sets.forget.numel(), 0);
  EXPECT_EQ(sets.retain.numel(), 10);
  EXPECT_EQ(sets.test.numel() + sets.heldout.numel(), 6);
  const ForgetSetSpec outside{{3, 10}, {}};
  EXPECT_THROW(makeEvaluationSets(cyclicDataset(), &outside), Error);
}

TEST(Metrics, AccuraciesOfAConstantClassifier) {
  const ml::Dataset data = cyclicDataset();
  auto model = alwaysClassZero();
  const ForgetSetSpec forget{{2, 5, 8}, {2}};
  const auto values =
      computeMetrics(*model, data, makeEvaluationSets(data, &forget), {"ua", "ra", "ta", "rte"}, torch::kCPU);
  EXPECT_DOUBLE_EQ(values.at("ua"), 100.0);             // no class-2 row is predicted 2
  EXPECT_NEAR(values.at("ra"), 100.0 * 4 / 7, 1e-9);    // retain labels 0,1,0,1,0,1,0
  EXPECT_NEAR(values.at("ta"), 100.0 / 3, 1e-9);        // test labels 1,0,1 (row 0 is held out)
  EXPECT_EQ(values.count("rte"), 0u) << "metrics outside ua/ra/ta/mia are the engine's";
}

TEST(Metrics, MiaIsAPercentageOfTheForgetSet) {
  const ml::Dataset data = cyclicDataset();
  auto model = alwaysClassZero();
  const ForgetSetSpec forget{{0, 1, 2, 3}, {}};
  const auto values = computeMetrics(*model, data, makeEvaluationSets(data, &forget), {"mia", "ra"}, torch::kCPU);
  ASSERT_EQ(values.count("mia"), 1u);
  // Four targets: the efficacy is a multiple of 25%.
  EXPECT_GE(values.at("mia"), 0.0);
  EXPECT_LE(values.at("mia"), 100.0);
  EXPECT_DOUBLE_EQ(std::fmod(values.at("mia"), 25.0), 0.0);
  EXPECT_NEAR(values.at("ra"), 100.0 * 2 / 6, 1e-9);  // retain rows 4..9 labelled 1,2,0,1,2,0
}

TEST(Metrics, ForgetMetricsNeedAForgetSet) {
  const ml::Dataset data = cyclicDataset();
  auto model = alwaysClassZero();
  const EvaluationSets sets = makeEvaluationSets(data, nullptr);
  EXPECT_DOUBLE_EQ(computeMetrics(*model, data, sets, {"ra"}, torch::kCPU).at("ra"), 40.0);
  for (const std::string metric : {"ua", "mia"}) {
    try {
      computeMetrics(*model, data, sets, {metric}, torch::kCPU);
      FAIL() << metric << " computed without a forget set";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Execution);
      EXPECT_NE(std::string(error.what()).find("'" + metric + "' needs a forget set"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace lethe::exec
