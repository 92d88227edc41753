// exec::train and exec::evaluate end to end on a Fashion-MNIST subset.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <numeric>
#include <thread>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "ml/classifier.hpp"

namespace lethe::exec {
namespace {

const std::string kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

bool fashionMnistInstalled() { return std::filesystem::exists(kFashionMnistDir + "/train-images-idx3-ubyte.gz"); }

// Rows 1000..2499 of the training split and the first 500 test rows.
DatasetSource smallSubset() {
  DatasetSource source;
  source.format = "idx";
  source.path = kFashionMnistDir;
  source.train_ids = std::vector<int64_t>(1500);
  std::iota(source.train_ids->begin(), source.train_ids->end(), 1000);
  source.test_ids = std::vector<int64_t>(500);
  std::iota(source.test_ids->begin(), source.test_ids->end(), 0);
  return source;
}

TrainRequest mlpRequest(int64_t epochs) {
  TrainRequest request;
  request.dataset = smallSubset();
  request.arch = "mlp";
  request.recipe.set("epochs", epochs);
  request.recipe.set("lr", 0.05);
  request.recipe.set("batch_size", int64_t{64});
  request.recipe.set("momentum", 0.9);
  request.recipe.set("weight_decay", 5e-4);
  request.recipe.set("seed", int64_t{3});
  return request;
}

ExecutionContext cpuContext() {
  ExecutionContext context;
  context.device = "cpu";
  // One thread: test binaries run side by side, and OpenMP workers spin-waiting for a busy
  // core make two-thread runs many times slower on a two-core machine.
  context.threads = 1;
  return context;
}

TEST(TrainApi, TrainsASubsetAndEvaluatesTheWeights) {
  if (!fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  std::vector<Progress> reports;
  ExecutionContext context = cpuContext();
  context.progress = [&](const Progress& p) { reports.push_back(p); };
  const TrainOutcome outcome = train(mlpRequest(3), context);

  std::printf("[ trained  ] mlp, 3 epochs on 1500 rows: train %.2f%% test %.2f%%, %.0f images/s\n",
              outcome.metrics.at("train_acc"), outcome.metrics.at("test_acc"), outcome.images_per_second);
  EXPECT_GT(outcome.metrics.at("train_acc"), 65.0);
  EXPECT_GT(outcome.metrics.at("test_acc"), 65.0);
  EXPECT_LE(outcome.metrics.at("train_acc"), 100.0);
  EXPECT_EQ(outcome.parameters, parameterCount("mlp", smallSubset()));
  EXPECT_GT(outcome.images_per_second, 0.0);
  EXPECT_GT(outcome.seconds, 0.0);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().op, "train");
  EXPECT_EQ(reports.back().detail.rfind("epoch 3/3 loss ", 0), 0u) << reports.back().detail;

  // The weights reload and score the same on the test split.
  EvaluateRequest evaluation{smallSubset(), "mlp", outcome.weights, std::nullopt, {"ta"}};
  EXPECT_DOUBLE_EQ(evaluate(evaluation, cpuContext()).metrics.at("ta"), outcome.metrics.at("test_acc"));
}

TEST(TrainApi, SameRecipeGivesTheSameModel) {
  if (!fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const TrainOutcome first = train(mlpRequest(1), cpuContext());
  const TrainOutcome second = train(mlpRequest(1), cpuContext());
  EXPECT_EQ(first.metrics, second.metrics);
  auto a = ml::makeClassifier("mlp", {});
  auto b = ml::makeClassifier("mlp", {});
  ml::loadWeights(*a, first.weights);
  ml::loadWeights(*b, second.weights);
  for (size_t i = 0; i < a->parameters().size(); ++i) EXPECT_TRUE(a->parameters()[i].equal(b->parameters()[i]));
}

TEST(TrainApi, ExcludedRowsAreLeftOut) {
  if (!fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  TrainRequest request = mlpRequest(1);
  // Excluding every row but the first 100 leaves 2 batches of 64 per epoch.
  request.exclude_ids.resize(1400);
  std::iota(request.exclude_ids.begin(), request.exclude_ids.end(), 100);
  int64_t batches = 0;
  ExecutionContext context = cpuContext();
  context.progress = [&](const Progress& p) { batches = p.total; };
  train(request, context);
  EXPECT_EQ(batches, 2);

  request.exclude_ids.resize(1500);
  std::iota(request.exclude_ids.begin(), request.exclude_ids.end(), 0);
  EXPECT_THROW(train(request, cpuContext()), Error);
  request.exclude_ids = {1500};
  EXPECT_THROW(train(request, cpuContext()), Error);
}

TEST(TrainApi, BadRecipeAndArchitectureAreReported) {
  if (!fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  TrainRequest request = mlpRequest(1);
  request.arch = "resnet21";
  try {
    train(request, cpuContext());
    FAIL() << "unknown architecture trained";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Execution);
    EXPECT_NE(std::string(error.what()).find("resnet20"), std::string::npos) << error.what();
  }
  request = mlpRequest(1);
  request.recipe.set("batch_size", int64_t{0});
  EXPECT_THROW(train(request, cpuContext()), Error);
}

TEST(SystemApi, ThreadsAndDevices) {
  setThreads(1);
  EXPECT_EQ(torch::get_num_threads(), 1);
  setThreads(0);
  EXPECT_EQ(torch::get_num_threads(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  setThreads(1);
  EXPECT_EQ(cudaAvailable(), torch::cuda::is_available());
  DatasetSource colour;
  colour.channels = 3;
  colour.height = 32;
  colour.width = 32;
  EXPECT_GT(parameterCount("cnn", colour), parameterCount("cnn", DatasetSource{}));
}

}  // namespace
}  // namespace lethe::exec
