// exec::train for arch ddpm, exec::sample and writeSampleGrid on a tiny generator trained on
// a few hundred Fashion-MNIST rows at 8x8.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <numeric>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/sample_grid.hpp"
#include "expect_error.hpp"
#include "ml/png_image.hpp"

namespace lethe::exec {
namespace {

const std::string kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

bool fashionMnistInstalled() { return std::filesystem::exists(kFashionMnistDir + "/train-images-idx3-ubyte.gz"); }

DatasetSource headOfFashionMnist(int64_t rows) {
  DatasetSource source;
  source.format = "idx";
  source.path = kFashionMnistDir;
  source.train_ids = std::vector<int64_t>(rows);
  std::iota(source.train_ids->begin(), source.train_ids->end(), 0);
  source.test_ids = std::vector<int64_t>(100);
  std::iota(source.test_ids->begin(), source.test_ids->end(), 0);
  return source;
}

TrainRequest tinyGenerator(int64_t steps) {
  TrainRequest request;
  request.dataset = headOfFashionMnist(300);
  request.arch = "ddpm";
  request.recipe.set("steps", steps);
  request.recipe.set("batch_size", int64_t{32});
  request.recipe.set("lr", 2e-3);
  request.recipe.set("channels", int64_t{8});
  request.recipe.set("resolution", int64_t{8});
  request.recipe.set("seed", int64_t{4});
  return request;
}

ExecutionContext cpuContext() {
  ExecutionContext context;
  context.device = "cpu";
  context.threads = 1;  // test binaries run side by side
  return context;
}

SampleRequest sampleOf(const TrainRequest& trained, const Bytes& weights, int64_t count) {
  SampleRequest request;
  request.dataset = trained.dataset;
  request.recipe = trained.recipe;
  request.weights = weights;
  request.count = count;
  request.steps = 5;
  request.guidance = 2.0;
  request.seed = 11;
  return request;
}

class GeneratorApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fashionMnistInstalled()) return;
    trained_ = new TrainOutcome(train(tinyGenerator(30), cpuContext()));
  }
  static void TearDownTestSuite() {
    delete trained_;
    trained_ = nullptr;
  }
  void SetUp() override {
    if (!fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  }
  static TrainOutcome* trained_;
};
TrainOutcome* GeneratorApi::trained_ = nullptr;

TEST_F(GeneratorApi, TrainingReportsProgressLossAndEmaWeights) {
  std::vector<Progress> reports;
  ExecutionContext context = cpuContext();
  context.progress = [&](const Progress& p) { reports.push_back(p); };
  const TrainOutcome outcome = train(tinyGenerator(30), context);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().op, "train");
  EXPECT_EQ(reports.back().done, 30);
  EXPECT_EQ(reports.back().total, 30);
  EXPECT_EQ(reports.back().detail.rfind("step 30/30 loss ", 0), 0u) << reports.back().detail;
  ASSERT_TRUE(outcome.metrics.count("loss"));
  EXPECT_GT(outcome.metrics.at("loss"), 0.0);
  EXPECT_GT(outcome.parameters, 1000);
  EXPECT_GT(outcome.images_per_second, 0.0);
  EXPECT_EQ(outcome.weights, trained_->weights) << "the same recipe must give the same generator";
}

TEST_F(GeneratorApi, TrainingLeavesExcludedRowsOutAndStopsOnCancel) {
  TrainRequest request = tinyGenerator(3);
  request.exclude_ids.resize(300);
  std::iota(request.exclude_ids.begin(), request.exclude_ids.end(), 0);
  expectExecutionError([&] { train(request, cpuContext()); }, "no training rows left");
  // Leaving rows out changes what is trained on, hence the weights.
  request.exclude_ids.resize(150);
  const TrainOutcome half = train(request, cpuContext());
  request.exclude_ids.clear();
  EXPECT_NE(half.weights, train(request, cpuContext()).weights);

  std::atomic<bool> cancel{true};
  ExecutionContext context = cpuContext();
  context.cancel = &cancel;
  try {
    train(tinyGenerator(3), context);
    FAIL() << "a cancelled training finished";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Interrupted);
  }
  request = tinyGenerator(3);
  request.recipe.set("channels", int64_t{7});
  expectExecutionError([&] { train(request, cpuContext()); }, "channels must be an even number");
}

TEST_F(GeneratorApi, SamplesEveryClassOrOneDeterministically) {
  const TrainRequest recipe = tinyGenerator(30);
  SampleRequest request = sampleOf(recipe, trained_->weights, 2);
  std::vector<Progress> reports;
  ExecutionContext context = cpuContext();
  context.progress = [&](const Progress& p) { reports.push_back(p); };
  const SampleOutcome all = sample(request, context);
  EXPECT_EQ(all.labels, (std::vector<int64_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9}));
  EXPECT_EQ(all.channels, 1);
  EXPECT_EQ(all.height, 8);
  EXPECT_EQ(all.width, 8);
  EXPECT_EQ(all.pixels.size(), 20u * 8 * 8);
  EXPECT_GT(all.images_per_second, 0.0);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().op, "sample");
  EXPECT_EQ(reports.back().done, reports.back().total);
  EXPECT_EQ(sample(request, cpuContext()).pixels, all.pixels);
  request.seed = 12;
  EXPECT_NE(sample(request, cpuContext()).pixels, all.pixels);

  request.class_index = 3;
  request.count = 4;
  const SampleOutcome one = sample(request, cpuContext());
  EXPECT_EQ(one.labels, std::vector<int64_t>(4, 3));

  request.class_index = 10;
  expectExecutionError([&] { sample(request, cpuContext()); }, "not one of the generator's 10 classes");
  request.class_index.reset();
  request.count = 0;
  expectExecutionError([&] { sample(request, cpuContext()); }, "at least 1 image");
  request.count = 1;
  request.steps = 0;
  expectExecutionError([&] { sample(request, cpuContext()); }, "sampling steps must be between 1 and 1000");
  request.steps = 5;
  request.guidance = -0.5;
  expectExecutionError([&] { sample(request, cpuContext()); }, "guidance must be at least 0");
  request.guidance = 2.0;
  request.recipe.set("channels", int64_t{16});
  expectExecutionError([&] { sample(request, cpuContext()); }, "do not fit the generator");
}

TEST_F(GeneratorApi, GridHasOneRowPerClass) {
  SampleRequest request = sampleOf(tinyGenerator(30), trained_->weights, 3);
  const SampleOutcome samples = sample(request, cpuContext());
  const std::string path = (std::filesystem::temp_directory_path() / "lethe-sample-grid-test.png").string();
  writeSampleGrid(samples, path);
  const ml::PngImage grid = ml::readPng(path);
  std::filesystem::remove(path);
  // 8-pixel images are enlarged 4x to 32 pixels; a 2-pixel gap around and between tiles.
  EXPECT_EQ(grid.height, 2 + 10 * (32 + 2));
  EXPECT_EQ(grid.width, 2 + 3 * (32 + 2));
  EXPECT_EQ(grid.channels, 1);
  // The top-left tile is the first sample, enlarged: its first 4x4 block is its first pixel.
  for (int64_t y = 0; y < 4; ++y)
    for (int64_t x = 0; x < 4; ++x) EXPECT_EQ(grid.pixels[(2 + y) * grid.width + 2 + x], samples.pixels[0]);

  // One class drawn: one row.
  request.class_index = 5;
  const ml::PngImage row = sampleGrid(sample(request, cpuContext()));
  EXPECT_EQ(row.height, 2 + 32 + 2);
  EXPECT_EQ(row.width, 2 + 3 * (32 + 2));

  try {
    writeSampleGrid(samples, "/nonexistent-dir/grid.png");
    FAIL() << "a grid was written into a missing directory";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(error.what()).find("/nonexistent-dir/grid.png"), std::string::npos) << error.what();
  }
  expectExecutionError([] { sampleGrid(SampleOutcome{}); }, "no samples");
}

}  // namespace
}  // namespace lethe::exec
