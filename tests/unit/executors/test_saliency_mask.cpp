// The saliency mask: exact top-k size, the right weights, deterministic, validated inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/error.hpp"
#include "executors/saliency.hpp"
#include "test_saliency_fixture.hpp"

namespace lethe::exec {
namespace {

using testing::makeTinyNet;
using testing::makeTinySplit;
using testing::onesIn;
using testing::parameterTotal;

const torch::Device kCpu(torch::kCPU);

ExecutionContext quietContext() {
  ExecutionContext context;
  context.threads = 2;
  return context;
}

SaliencyMask maskOf(ml::Classifier& model, const ml::Split& split, const torch::Tensor& ids, double threshold,
                    int64_t batch_size = 16) {
  return computeSaliencyMask(model, split, ids, threshold, batch_size, kCpu, quietContext());
}

// The gradient the mask ranks, ∇(−Σ CE) over every row, taken one row at a time (so no
// batching can hide in it), flattened in parameter order.
std::vector<double> bruteForceGradient(ml::Classifier& model, const ml::Split& split, const torch::Tensor& ids) {
  model.zero_grad();
  for (int64_t row = 0; row < ids.numel(); ++row) {
    const auto one = ids.slice(0, row, row + 1);
    const auto inputs = ml::toInput(split.images.index_select(0, one), kCpu);
    const auto labels = split.labels.index_select(0, one);
    (-torch::nn::functional::cross_entropy(model.forward(inputs), labels)).backward();
  }
  std::vector<double> flat;
  for (const auto& parameter : model.parameters()) {
    const auto grad = parameter.grad().flatten().to(torch::kDouble).contiguous();
    flat.insert(flat.end(), grad.data_ptr<double>(), grad.data_ptr<double>() + grad.numel());
  }
  model.zero_grad();
  return flat;
}

TEST(SaliencyMask, KeepsExactlyTheRequestedFraction) {
  auto model = makeTinyNet(1);
  const auto split = makeTinySplit(64, 2);
  const auto ids = torch::arange(0, 40, torch::kLong);
  const int64_t total = parameterTotal(*model);
  for (double threshold : {0.5, 0.1, 0.33, 1.0, 0.0}) {
    const auto mask = maskOf(*model, split, ids, threshold);
    EXPECT_EQ(onesIn(mask), std::llround(threshold * total)) << "threshold " << threshold;
    for (const auto& tensor : mask) EXPECT_TRUE(((tensor == 0) | (tensor == 1)).all().item<bool>());
  }
}

TEST(SaliencyMask, ThresholdOneKeepsEverything) {
  auto model = makeTinyNet(3);
  const auto mask = maskOf(*model, makeTinySplit(32, 4), torch::arange(0, 32, torch::kLong), 1.0);
  for (const auto& tensor : mask) EXPECT_TRUE((tensor == 1).all().item<bool>());
}

TEST(SaliencyMask, KeepsTheLargestGradientMagnitudes) {
  auto model = makeTinyNet(5, 8);
  const auto split = makeTinySplit(100, 6);
  const auto ids = torch::arange(10, 85, torch::kLong);
  const int64_t batch_size = 16;  // 75 rows: a short last batch, which a sum of batch means would weight up

  const std::vector<double> gradient = bruteForceGradient(*model, split, ids);
  std::vector<size_t> order(gradient.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return std::abs(gradient[a]) > std::abs(gradient[b]); });

  for (double threshold : {0.5, 0.1}) {
    const auto mask = maskOf(*model, split, ids, threshold, batch_size);
    std::vector<float> flat;
    for (const auto& tensor : mask) {
      const auto values = tensor.flatten().contiguous();
      flat.insert(flat.end(), values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
    }
    ASSERT_EQ(flat.size(), gradient.size());
    const auto keep = static_cast<size_t>(std::llround(threshold * static_cast<double>(gradient.size())));
    // Every kept weight is at least as salient as every dropped one.
    double smallest_kept = INFINITY, largest_dropped = 0.0;
    for (size_t i = 0; i < flat.size(); ++i) {
      if (flat[i] == 1.0f) smallest_kept = std::min(smallest_kept, std::abs(gradient[i]));
      else largest_dropped = std::max(largest_dropped, std::abs(gradient[i]));
    }
    EXPECT_GE(smallest_kept, largest_dropped * (1 - 1e-5)) << "threshold " << threshold;
    // And, away from near-ties, they are exactly the brute-force top k.
    for (size_t rank = 0; rank < order.size(); ++rank) {
      const double margin = std::abs(std::abs(gradient[order[rank]]) - std::abs(gradient[order[keep - 1]]));
      if (margin < 1e-6) continue;
      EXPECT_EQ(flat[order[rank]], rank < keep ? 1.0f : 0.0f) << "rank " << rank;
    }
  }
}

// The catalog keys a stored mask by version, forget set and threshold: the batch size it was
// computed with must not change it.
TEST(SaliencyMask, IsTheSameForEveryBatchSize) {
  auto model = makeTinyNet(11, 8);
  const auto split = makeTinySplit(100, 12);
  const auto ids = torch::arange(0, 75, torch::kLong);
  const auto whole = maskOf(*model, split, ids, 0.5, 75);
  for (int64_t batch_size : {7, 16, 64}) {
    const auto batched = maskOf(*model, split, ids, 0.5, batch_size);
    int64_t differing = 0;
    for (size_t i = 0; i < whole.size(); ++i) differing += (whole[i] != batched[i]).sum().item<int64_t>();
    EXPECT_EQ(differing, 0) << "batch size " << batch_size;
  }
}

TEST(SaliencyMask, IsDeterministicAndLeavesNoGradients) {
  auto model = makeTinyNet(7);
  const auto split = makeTinySplit(50, 8);
  const auto ids = torch::arange(0, 50, torch::kLong);
  const auto first = maskOf(*model, split, ids, 0.5);
  const auto second = maskOf(*model, split, ids, 0.5);
  for (size_t i = 0; i < first.size(); ++i) EXPECT_TRUE(torch::equal(first[i], second[i]));
  for (const auto& parameter : model->parameters())
    EXPECT_TRUE(!parameter.grad().defined() || (parameter.grad() == 0).all().item<bool>());
}

TEST(SaliencyMask, RejectsBadInputs) {
  auto model = makeTinyNet(9);
  const auto split = makeTinySplit(10, 10);
  EXPECT_THROW(maskOf(*model, split, torch::empty({0}, torch::kLong), 0.5), Error);
  EXPECT_THROW(maskOf(*model, split, torch::arange(0, 10, torch::kLong), 1.5), Error);
  EXPECT_THROW(maskOf(*model, split, torch::arange(0, 10, torch::kLong), -0.1), Error);
}

}  // namespace
}  // namespace lethe::exec
