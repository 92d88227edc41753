// The random-label losses of rl / salun / salun_soft: which rows are relabelled, and that a
// seed gives the same labels again.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "executors/unlearn_common.hpp"

namespace lethe::exec {
namespace {

// Eight rows of logits over ten classes, confident in each row's true label.
struct Batch {
  torch::Tensor logits = torch::full({8, 10}, -5.0);
  torch::Tensor labels = torch::arange(8, torch::kLong);
  torch::Tensor rows = torch::arange(100, 108, torch::kLong);  // the batch's row ids in a split of 200
  Batch() {
    for (int64_t i = 0; i < 8; ++i) logits[i][i] = 5.0;
  }
};

TEST(RandomLabelLossOn, RowsOutsideTheSetKeepTheirTrueLabels) {
  const Batch batch;
  const auto none = randomLabelLossOn(torch::tensor({3, 4}, torch::kLong), 200, 1);
  const torch::Tensor true_loss = torch::nn::functional::cross_entropy(batch.logits, batch.labels);
  EXPECT_TRUE(torch::allclose(none(batch.logits, batch.labels, batch.rows), true_loss));
}

TEST(RandomLabelLossOn, RelabelsExactlyTheRowsOfTheSet) {
  const Batch batch;
  // Relabel all eight rows: the loss is the plain random-label loss of the same seed.
  const auto all = randomLabelLossOn(torch::arange(100, 108, torch::kLong), 200, 7);
  const auto plain = randomLabelLoss(7);
  EXPECT_TRUE(torch::allclose(all(batch.logits, batch.labels, batch.rows), plain(batch.logits, batch.labels, batch.rows)));

  // Relabel rows 100-103 only: the labels of rows 104-107 stay, the others are the seed's draws.
  const auto half = randomLabelLossOn(torch::arange(100, 104, torch::kLong), 200, 7);
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(7);
  const torch::Tensor drawn = torch::randint(0, 10, {8}, generator, torch::TensorOptions(torch::kLong));
  const torch::Tensor expected_labels = torch::cat({drawn.slice(0, 0, 4), batch.labels.slice(0, 4, 8)});
  EXPECT_TRUE(torch::allclose(half(batch.logits, batch.labels, batch.rows),
                              torch::nn::functional::cross_entropy(batch.logits, expected_labels)));
}

TEST(RandomLabelLossOn, TheSameSeedDrawsTheSameLabels) {
  const Batch batch;
  const auto set = torch::arange(100, 106, torch::kLong);
  const auto a = randomLabelLossOn(set, 200, 3), b = randomLabelLossOn(set, 200, 3);
  for (int step = 0; step < 3; ++step)
    EXPECT_DOUBLE_EQ(a(batch.logits, batch.labels, batch.rows).item<double>(),
                     b(batch.logits, batch.labels, batch.rows).item<double>());
}

}  // namespace
}  // namespace lethe::exec
