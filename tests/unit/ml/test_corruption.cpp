// CORRUPT DATASET on tensors: the trigger's place and value, swap's counts, random's labels
// (always wrong, fixed by the seed), and the loader applying a stored recipe.
#include <gtest/gtest.h>

#include <set>

#include "common/error.hpp"
#include "idx_fixture.hpp"
#include "ml/corruption.hpp"

namespace lethe::ml {
namespace {

using torch::indexing::Slice;

// 10 classes, labels 0..9 repeated: 12 rows of each class in 120 rows.
torch::Tensor cyclicLabels(int64_t rows = 120) { return torch::arange(rows, torch::kInt64).remainder(10); }

exec::CorruptionSpec recipe(const std::string& kind, int64_t count, uint64_t seed = 1) {
  exec::CorruptionSpec spec;
  spec.kind = kind;
  spec.count = count;
  spec.seed = seed;
  return spec;
}

Dataset tinyDataset() {
  Dataset data;
  data.num_classes = 10;
  data.train = {torch::full({120, 1, 8, 8}, 7, torch::kUInt8), cyclicLabels()};
  data.test = {torch::full({40, 1, 8, 8}, 9, torch::kUInt8), cyclicLabels(40)};
  return data;
}

TEST(Corruption, TriggerIsAThreeByThreeMaximumPatchInTheBottomRightCorner) {
  torch::Tensor images = torch::zeros({4, 3, 8, 6}, torch::kUInt8);
  torch::Tensor rows = torch::tensor(std::vector<int64_t>{1, 3}, torch::kInt64);
  stampTrigger(images, rows);
  for (int64_t r : {1, 3}) {
    EXPECT_TRUE(images[r].index({Slice(), Slice(5, 8), Slice(3, 6)}).eq(255).all().item<bool>());
    EXPECT_EQ(images[r].sum().item<int64_t>(), 3 * 9 * 255);  // nothing outside the patch
  }
  for (int64_t r : {0, 2}) EXPECT_EQ(images[r].sum().item<int64_t>(), 0);
}

TEST(Corruption, PoisonTriggersSeededRowsOutsideTheTargetAndRelabelsThem) {
  Dataset data = tinyDataset();
  exec::CorruptionSpec spec = recipe("poison", 30, 5);
  spec.target = 4;
  const CorruptedRows plan = planCorruption(data.train.labels, 10, spec);
  ASSERT_EQ(plan.rows.size(), 30u);
  EXPECT_TRUE(std::is_sorted(plan.rows.begin(), plan.rows.end()));
  for (size_t i = 0; i < plan.rows.size(); ++i) {
    EXPECT_NE(plan.true_labels[i], 4);
    EXPECT_EQ(plan.true_labels[i], plan.rows[i] % 10);
  }
  EXPECT_EQ(planCorruption(data.train.labels, 10, spec).rows, plan.rows);  // same seed, same rows
  spec.seed = 6;
  EXPECT_NE(planCorruption(data.train.labels, 10, spec).rows, plan.rows);

  spec.seed = 5;
  applyCorruption(data, spec, "tiny");
  const torch::Tensor rows = torch::tensor(plan.rows, torch::kInt64);
  EXPECT_TRUE(data.train.labels.index_select(0, rows).eq(4).all().item<bool>());
  EXPECT_TRUE(data.train.images.index_select(0, rows).index({Slice(), Slice(), Slice(5, 8), Slice(5, 8)}).eq(255).all().item<bool>());
  // Untouched rows keep label and pixels; 30 rows changed in all.
  EXPECT_EQ(data.train.labels.ne(cyclicLabels()).sum().item<int64_t>(), 30);
  EXPECT_EQ(data.train.images.ne(7).sum().item<int64_t>(), 30 * 9);
  ASSERT_TRUE(data.corruption.has_value());
  EXPECT_EQ(data.corruption->rows, plan.rows);
  EXPECT_EQ(data.corruption->true_labels, plan.true_labels);
}

TEST(Corruption, TriggeredTestSetIsEveryNonTargetImageWithThePatch) {
  const Dataset data = tinyDataset();
  const Split triggered = triggeredTestSplit(data.test, 4);
  EXPECT_EQ(triggered.size(), 36);  // 40 test rows, 4 of class 4
  EXPECT_FALSE(triggered.labels.eq(4).any().item<bool>());
  EXPECT_TRUE(triggered.images.index({Slice(), Slice(), Slice(5, 8), Slice(5, 8)}).eq(255).all().item<bool>());
  EXPECT_TRUE(data.test.images.eq(9).all().item<bool>());  // the clean test set is not touched
}

TEST(Corruption, SwapRelabelsTheFirstHalfCountOfEachClass) {
  exec::CorruptionSpec spec = recipe("swap", 10);
  spec.classes = {2, 7};
  const CorruptedRows plan = planCorruption(cyclicLabels(), 10, spec);
  // Class 2 sits at rows 2, 12, 22, ...; class 7 at 7, 17, 27, ...: the first five of each.
  EXPECT_EQ(plan.rows, (std::vector<int64_t>{2, 7, 12, 17, 22, 27, 32, 37, 42, 47}));
  for (size_t i = 0; i < plan.rows.size(); ++i) EXPECT_EQ(plan.new_labels[i], plan.true_labels[i] == 2 ? 7 : 2);
  spec.count = 26;  // 13 per class, but each class has 12 rows
  EXPECT_THROW(planCorruption(cyclicLabels(), 10, spec), Error);
  spec.count = 9;
  EXPECT_THROW(planCorruption(cyclicLabels(), 10, spec), Error);
}

TEST(Corruption, RandomLabelsAreAlwaysWrongUniformAndFixedBySeed) {
  const torch::Tensor labels = torch::arange(6000, torch::kInt64).remainder(10);
  const CorruptedRows plan = planCorruption(labels, 10, recipe("random", 3000, 9));
  ASSERT_EQ(plan.rows.size(), 3000u);
  EXPECT_EQ(std::set<int64_t>(plan.rows.begin(), plan.rows.end()).size(), 3000u);
  std::vector<int64_t> shifts(10, 0);
  for (size_t i = 0; i < plan.rows.size(); ++i) {
    EXPECT_NE(plan.new_labels[i], plan.true_labels[i]);
    ++shifts[static_cast<size_t>((plan.new_labels[i] - plan.true_labels[i] + 10) % 10)];
  }
  // Every one of the nine wrong labels is drawn, each near 3000 / 9 = 333 times.
  EXPECT_EQ(shifts[0], 0);
  for (int s = 1; s < 10; ++s) EXPECT_NEAR(shifts[static_cast<size_t>(s)], 333, 80) << "shift " << s;
  const CorruptedRows again = planCorruption(labels, 10, recipe("random", 3000, 9));
  EXPECT_EQ(again.rows, plan.rows);
  EXPECT_EQ(again.new_labels, plan.new_labels);
  EXPECT_NE(planCorruption(labels, 10, recipe("random", 3000, 10)).new_labels, plan.new_labels);
  EXPECT_THROW(planCorruption(labels, 10, recipe("random", 6001, 9)), Error);
}

TEST(Corruption, StoredRowsThatNoLongerMatchAreAnIoError) {
  Dataset data = tinyDataset();
  exec::CorruptionSpec spec = recipe("random", 5, 3);
  spec.rows = {0, 1, 2, 3, 4};
  spec.true_labels = {0, 1, 2, 3, 4};
  try {
    applyCorruption(data, spec, "tiny");
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("no longer give the rows"), std::string::npos) << e.what();
  }
}

// The loader regenerates a stored recipe on Fashion-MNIST after the subset selection.
TEST(Corruption, LoadDatasetAppliesTheRecipeAfterTheSubset) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  exec::DatasetSource source;
  source.format = "idx";
  source.path = testing::kFashionMnistDir;
  source.train_ids = std::vector<int64_t>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  const auto clean = loadDataset(source);
  exec::CorruptionSpec spec = recipe("random", 4, 2);
  const CorruptedRows plan = planCorruption(clean->train.labels, 10, spec);
  spec.rows = plan.rows;
  spec.true_labels = plan.true_labels;
  source.corruption = spec;
  const auto corrupted = loadDataset(source);
  EXPECT_EQ(corrupted->train.labels.ne(clean->train.labels).sum().item<int64_t>(), 4);
  EXPECT_TRUE(corrupted->train.images.equal(clean->train.images));
  EXPECT_EQ(corrupted->corruption->rows, plan.rows);
}

}  // namespace
}  // namespace lethe::ml
