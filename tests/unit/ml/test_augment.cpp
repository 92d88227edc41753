// Batch augmentation: random crop from a zero-padded image plus horizontal flip.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include "ml/augment.hpp"

namespace lethe::ml {
namespace {

// Image i is filled with the value i + 1 over a distinct pattern, so every output pixel is
// either padding (0) or a value of its own source image.
torch::Tensor numberedBatch(int64_t n, int64_t channels, int64_t size) {
  torch::Tensor pattern = torch::arange(channels * size * size, torch::kFloat32).view({1, channels, size, size});
  return (torch::arange(1, n + 1, torch::kFloat32).view({n, 1, 1, 1}) * 1000 + pattern).contiguous();
}

torch::Tensor augmented(const torch::Tensor& x, uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  return augmentBatch(x, augmentPadding(x.size(2), x.size(3)), generator);
}

TEST(Augment, PaddingFollowsTheImageSize) {
  EXPECT_EQ(augmentPadding(32, 32), 4);
  EXPECT_EQ(augmentPadding(28, 28), 3);
  EXPECT_EQ(augmentPadding(4, 4), 1);
}

TEST(Augment, KeepsShapesAndEachImageInItsRow) {
  const torch::Tensor x = numberedBatch(64, 3, 32);
  const torch::Tensor out = augmented(x, 5);
  ASSERT_EQ(out.sizes(), x.sizes());
  for (int64_t i = 0; i < x.size(0); ++i) {
    // Row i holds only padding and values of image i: labels stay attached to their image.
    const torch::Tensor values = std::get<0>(torch::_unique(out[i]));
    const torch::Tensor source = x[i].flatten();
    const torch::Tensor known = torch::isin(values, source) | values.eq(0);
    EXPECT_TRUE(known.all().item<bool>()) << "row " << i << " holds pixels of another image";
    // A shift of at most 4 px keeps most of the image: (32-4)^2 of 32^2 pixels at least.
    EXPECT_GE(out[i].ne(0).sum().item<int64_t>(), 3 * 28 * 28);
  }
  // Over 64 images some were flipped and some shifted; all 64 unchanged would mean no-op.
  int64_t unchanged = 0;
  for (int64_t i = 0; i < x.size(0); ++i) unchanged += torch::equal(out[i], x[i]);
  EXPECT_LT(unchanged, 16);
  // With no padding only the flip is left: each image comes back as it was or mirrored,
  // about half of them mirrored.
  int64_t flipped = 0;
  at::Generator generator = at::detail::createCPUGenerator(9);
  const torch::Tensor flips_only = augmentBatch(x, 0, generator);
  for (int64_t i = 0; i < x.size(0); ++i) {
    const bool same = torch::equal(flips_only[i], x[i]);
    const bool mirrored = torch::equal(flips_only[i], x[i].flip({2}));
    EXPECT_TRUE(same || mirrored) << "row " << i;
    flipped += mirrored;
  }
  EXPECT_GT(flipped, 16);
  EXPECT_LT(flipped, 48);
}

TEST(Augment, IsDeterministicForASeed) {
  const torch::Tensor x = numberedBatch(16, 1, 28);
  EXPECT_TRUE(torch::equal(augmented(x, 7), augmented(x, 7)));
  EXPECT_FALSE(torch::equal(augmented(x, 7), augmented(x, 8)));
  // One generator advances: the next batch gets fresh draws.
  at::Generator generator = at::detail::createCPUGenerator(7);
  const torch::Tensor first = augmentBatch(x, 3, generator);
  const torch::Tensor second = augmentBatch(x, 3, generator);
  EXPECT_FALSE(torch::equal(first, second));
}

}  // namespace
}  // namespace lethe::ml
