// Batching, the SGD epoch, evaluation helpers and cancellation.
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>

#include "common/error.hpp"
#include "idx_fixture.hpp"
#include "ml/training.hpp"

namespace lethe::ml {
namespace {

exec::ExecutionContext quietContext() {
  exec::ExecutionContext context;
  context.device = "cpu";
  return context;
}

// The first `train` training and `test` test rows of Fashion-MNIST.
std::shared_ptr<const Dataset> fashionHead(int64_t train, int64_t test) {
  exec::DatasetSource source;
  source.format = "idx";
  source.path = testing::kFashionMnistDir;
  source.train_ids = std::vector<int64_t>(train);
  source.test_ids = std::vector<int64_t>(test);
  std::iota(source.train_ids->begin(), source.train_ids->end(), 0);
  std::iota(source.test_ids->begin(), source.test_ids->end(), 0);
  return loadDataset(source);
}

// An mlp trained from seed 1 for `epochs` epochs of batch 64 on every training row of `data`.
std::shared_ptr<Classifier> trainMlp(const Dataset& data, int epochs, const exec::ExecutionContext& context) {
  torch::manual_seed(1);
  auto model = makeClassifier("mlp", InputShape{1, 28, 28, data.num_classes});
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
  const torch::Tensor ids = torch::arange(data.train.size());
  for (int epoch = 0; epoch < epochs; ++epoch)
    trainEpoch(*model, optimizer, data.train, ids, 64, /*shuffle_seed=*/100 + epoch, torch::kCPU, context, "train");
  return model;
}

TEST(MakeBatches, CoverEveryIndexOnceInSeededOrder) {
  const torch::Tensor ids = torch::arange(10, 110);
  const auto batches = makeBatches(ids, 32, /*shuffle=*/true, 7);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches.back().numel(), 4);
  const torch::Tensor joined = torch::cat(batches);
  EXPECT_TRUE(std::get<0>(joined.sort()).equal(ids));
  EXPECT_FALSE(joined.equal(ids)) << "shuffle left the order unchanged";
  EXPECT_TRUE(torch::cat(makeBatches(ids, 32, true, 7)).equal(joined));
  EXPECT_FALSE(torch::cat(makeBatches(ids, 32, true, 8)).equal(joined));
  EXPECT_TRUE(torch::cat(makeBatches(ids, 32, /*shuffle=*/false, 7)).equal(ids));
  EXPECT_TRUE(makeBatches(torch::empty({0}, torch::kInt64), 32, true, 1).empty());
  EXPECT_THROW(makeBatches(ids, 0, true, 1), Error);
}

TEST(TrainEpoch, MlpLearnsFashionMnist) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto data = fashionHead(2000, 1000);
  auto model = trainMlp(*data, 2, quietContext());
  const double test_acc = accuracy(*model, data->test, torch::arange(1000), torch::kCPU);
  EXPECT_GT(test_acc, 70.0);
  const torch::Tensor probs = probabilities(*model, data->test, torch::arange(5), torch::kCPU);
  EXPECT_EQ(probs.sizes(), (std::vector<int64_t>{5, 10}));
  EXPECT_TRUE(torch::allclose(probs.sum(1), torch::ones({5})));
}

TEST(TrainEpoch, SameSeedGivesIdenticalWeights) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto data = fashionHead(500, 10);
  auto first = trainMlp(*data, 1, quietContext());
  auto second = trainMlp(*data, 1, quietContext());
  const auto a = first->parameters();
  const auto b = second->parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a[i].equal(b[i])) << "parameter " << i;
}

TEST(TrainEpoch, CallsHooksLossAndProgress) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto data = fashionHead(300, 10);
  torch::manual_seed(1);
  auto model = makeClassifier("mlp", InputShape{});
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01));
  int backward_calls = 0, step_calls = 0, loss_calls = 0;
  StepHooks hooks{[&] { ++backward_calls; }, [&] { ++step_calls; }};
  BatchLoss loss = [&](const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& rows) {
    ++loss_calls;
    EXPECT_EQ(rows.numel(), labels.numel());
    EXPECT_TRUE(data->train.labels.index_select(0, rows).equal(labels));
    return torch::cross_entropy_loss(logits, labels);
  };
  std::vector<exec::Progress> reports;
  exec::ExecutionContext context = quietContext();
  context.progress = [&](const exec::Progress& p) { reports.push_back(p); };
  const EpochStats stats =
      trainEpoch(*model, optimizer, data->train, torch::arange(300), 10, 3, torch::kCPU, context, "probe", hooks, loss);
  EXPECT_EQ(backward_calls, 30);
  EXPECT_EQ(step_calls, 30);
  EXPECT_EQ(loss_calls, 30);
  EXPECT_EQ(stats.images, 300);
  EXPECT_GT(stats.loss, 0.0);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.back().op, "probe");
  EXPECT_EQ(reports.back().done, 30);
  EXPECT_EQ(reports.back().total, 30);
  EXPECT_EQ(reports.back().detail.rfind("loss ", 0), 0u) << reports.back().detail;
}

TEST(TrainEpoch, CancelFlagInterrupts) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto data = fashionHead(100, 10);
  auto model = makeClassifier("mlp", InputShape{});
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01));
  std::atomic<bool> cancel{true};
  exec::ExecutionContext context = quietContext();
  context.cancel = &cancel;
  try {
    trainEpoch(*model, optimizer, data->train, torch::arange(100), 10, 1, torch::kCPU, context, "train");
    FAIL() << "a cancelled epoch ran";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Interrupted);
  }
}

TEST(Accuracy, RestoresTrainingModeAndCountsCorrectRows) {
  Split split{torch::zeros({4, 1, 28, 28}, torch::kUInt8), torch::tensor({3, 3, 1, 3}, torch::kInt64)};
  auto model = makeClassifier("mlp", InputShape{});
  {
    // A constant classifier: every logit zero except class 3.
    torch::NoGradGuard no_grad;
    for (auto& p : model->parameters()) p.zero_();
    model->named_parameters()["head.bias"][3] = 1.0;
  }
  model->train();
  EXPECT_DOUBLE_EQ(accuracy(*model, split, torch::arange(4), torch::kCPU, 3), 75.0);
  EXPECT_TRUE(model->is_training());
  EXPECT_DOUBLE_EQ(accuracy(*model, split, torch::tensor({2}, torch::kInt64), torch::kCPU), 0.0);
}

}  // namespace
}  // namespace lethe::ml
