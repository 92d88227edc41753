// resnet18 and vgg16_bn: output shapes for grey 28x28 and colour 32x32 input, parameter
// counts, the weight format, and that an SGD step lowers the loss. Tiny batches keep it quick.
#include <gtest/gtest.h>

#include "ml/classifier.hpp"

namespace lethe::ml {
namespace {

class LargeArch : public ::testing::TestWithParam<std::string> {};

TEST_P(LargeArch, ForwardFitsGreyAndColourInputs) {
  torch::manual_seed(1);
  auto grey = makeClassifier(GetParam(), InputShape{1, 28, 28, 10});
  grey->eval();
  EXPECT_EQ(grey->forward(torch::rand({2, 1, 28, 28})).sizes(), (std::vector<int64_t>{2, 10}));
  auto colour = makeClassifier(GetParam(), InputShape{3, 32, 32, 100});
  colour->eval();
  EXPECT_EQ(colour->forward(torch::rand({2, 3, 32, 32})).sizes(), (std::vector<int64_t>{2, 100}));
  // Larger images reach the same head through the global average pool.
  EXPECT_EQ(colour->forward(torch::rand({1, 3, 64, 48})).sizes(), (std::vector<int64_t>{1, 100}));
  EXPECT_EQ(grey->named_parameters()["head.weight"].sizes(), (std::vector<int64_t>{10, 512}));
}

TEST_P(LargeArch, WeightsRoundTripWithBatchNormStatistics) {
  torch::manual_seed(1);
  auto original = makeClassifier(GetParam(), InputShape{1, 28, 28, 10});
  original->train();
  original->forward(torch::rand({4, 1, 28, 28}));
  original->eval();
  torch::manual_seed(2);
  auto restored = makeClassifier(GetParam(), InputShape{1, 28, 28, 10});
  restored->eval();
  const torch::Tensor x = torch::rand({2, 1, 28, 28});
  EXPECT_FALSE(torch::equal(original->forward(x), restored->forward(x)));
  loadWeights(*restored, saveWeights(*original));
  EXPECT_TRUE(torch::equal(original->forward(x), restored->forward(x)));
}

TEST_P(LargeArch, OneSgdStepLowersTheLoss) {
  torch::manual_seed(3);
  auto model = makeClassifier(GetParam(), InputShape{3, 32, 32, 10});
  model->train();
  const torch::Tensor x = torch::rand({8, 3, 32, 32});
  const torch::Tensor y = torch::arange(8, torch::kInt64) % 10;
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
  const torch::Tensor before = torch::cross_entropy_loss(model->forward(x), y);
  optimizer.zero_grad();
  before.backward();
  optimizer.step();
  const torch::Tensor after = torch::cross_entropy_loss(model->forward(x), y);
  EXPECT_LT(after.item<double>(), before.item<double>());
}

INSTANTIATE_TEST_SUITE_P(Archs, LargeArch, ::testing::Values("resnet18", "vgg16_bn"));

TEST(LargeArch, ParameterCountsMatchTheReferenceNetworks) {
  // The CIFAR ResNet-18 of the unlearning papers' code: 11,173,962 for 3 channels, 10 classes.
  EXPECT_EQ(countParameters(*makeClassifier("resnet18", InputShape{3, 32, 32, 10})), 11173962);
  // One input channel removes 64 x 2 x 3 x 3 stem weights.
  EXPECT_EQ(countParameters(*makeClassifier("resnet18", InputShape{1, 28, 28, 10})), 11173962 - 64 * 2 * 9);
  // CIFAR VGG-16-BN: 13 convolutions (with biases) + BatchNorm + a 512 -> 10 head.
  EXPECT_EQ(countParameters(*makeClassifier("vgg16_bn", InputShape{3, 32, 32, 10})), 14728266);
}

}  // namespace
}  // namespace lethe::ml
