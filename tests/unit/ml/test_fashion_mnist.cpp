// The real Fashion-MNIST files (Debian's dataset-fashion-mnist) load with the expected shape.
#include <gtest/gtest.h>

#include "idx_fixture.hpp"
#include "ml/dataset.hpp"

namespace lethe::ml {
namespace {

exec::DatasetSource fashionSource() {
  exec::DatasetSource source;
  source.format = "idx";
  source.path = testing::kFashionMnistDir;
  return source;
}

TEST(FashionMnist, LoadsBothSplits) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto data = loadDataset(fashionSource());
  EXPECT_EQ(data->train.images.sizes(), (std::vector<int64_t>{60000, 1, 28, 28}));
  EXPECT_EQ(data->test.images.sizes(), (std::vector<int64_t>{10000, 1, 28, 28}));
  EXPECT_EQ(data->num_classes, 10);
  // Fashion-MNIST is balanced: 6000 training and 1000 test images per class.
  EXPECT_TRUE(torch::bincount(data->train.labels).eq(6000).all().item<bool>());
  EXPECT_TRUE(torch::bincount(data->test.labels).eq(1000).all().item<bool>());
  // The cache hands out the same root to the next statement.
  EXPECT_EQ(loadDataset(fashionSource()).get(), data.get());
}

TEST(FashionMnist, SubsetSelectsTheRootRows) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const auto root = loadDataset(fashionSource());
  exec::DatasetSource source = fashionSource();
  source.train_ids = std::vector<int64_t>{59999, 17, 4242};
  source.test_ids = std::vector<int64_t>{9999, 0};
  const auto subset = loadDataset(source);
  ASSERT_EQ(subset->train.size(), 3);
  ASSERT_EQ(subset->test.size(), 2);
  const std::vector<int64_t> train_ids = *source.train_ids;
  for (size_t i = 0; i < train_ids.size(); ++i) {
    EXPECT_TRUE(subset->train.images[i].equal(root->train.images[train_ids[i]]));
    EXPECT_EQ(subset->train.labels[i].item<int64_t>(), root->train.labels[train_ids[i]].item<int64_t>());
  }
  EXPECT_TRUE(subset->test.images[0].equal(root->test.images[9999]));
  EXPECT_TRUE(subset->test.images[1].equal(root->test.images[0]));
}

TEST(FashionMnist, ProbeMatchesTheFiles) {
  if (!testing::fashionMnistInstalled()) GTEST_SKIP() << "Fashion-MNIST is not installed";
  const exec::DatasetProbe probe = probeDataset("idx", testing::kFashionMnistDir);
  EXPECT_EQ(probe.num_train, 60000);
  EXPECT_EQ(probe.num_test, 10000);
  EXPECT_EQ(probe.num_classes, 10);
  EXPECT_EQ(probe.height, 28);
  EXPECT_EQ(probe.width, 28);
  EXPECT_EQ(probe.content_hash.size(), 64u);
}

}  // namespace
}  // namespace lethe::ml
