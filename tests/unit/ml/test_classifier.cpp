// The architectures: output shapes, parameter counts, the weight format, the device names.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "ml/classifier.hpp"
#include "ml/dense.hpp"
#include "ml/device.hpp"

namespace lethe::ml {
namespace {

const InputShape kFashion{1, 28, 28, 10};

class EachArch : public ::testing::TestWithParam<std::string> {};

TEST_P(EachArch, ForwardGivesOneLogitPerClass) {
  torch::manual_seed(1);
  auto model = makeClassifier(GetParam(), kFashion);
  EXPECT_EQ(model->forward(torch::rand({4, 1, 28, 28})).sizes(), (std::vector<int64_t>{4, 10}));
  auto colour = makeClassifier(GetParam(), InputShape{3, 32, 32, 5});
  EXPECT_EQ(colour->forward(torch::rand({2, 3, 32, 32})).sizes(), (std::vector<int64_t>{2, 5}));
  EXPECT_GT(countParameters(*model), 0);
}

TEST_P(EachArch, SavedWeightsReproduceTheOutputs) {
  torch::manual_seed(1);
  auto original = makeClassifier(GetParam(), kFashion);
  // A train-mode pass moves BatchNorm running statistics away from their defaults, so the
  // round trip must carry buffers as well as parameters.
  original->train();
  original->forward(torch::rand({8, 1, 28, 28}));
  original->eval();
  torch::manual_seed(2);
  auto restored = makeClassifier(GetParam(), kFashion);
  restored->eval();
  const torch::Tensor x = torch::rand({3, 1, 28, 28});
  EXPECT_FALSE(torch::equal(original->forward(x), restored->forward(x)));
  loadWeights(*restored, saveWeights(*original));
  EXPECT_TRUE(torch::equal(original->forward(x), restored->forward(x)));
}

TEST_P(EachArch, WeightsForOtherClassCountAreRejected) {
  auto ten = makeClassifier(GetParam(), kFashion);
  auto five = makeClassifier(GetParam(), InputShape{1, 28, 28, 5});
  const torch::Tensor before = five->named_parameters()["head.weight"].clone();
  try {
    loadWeights(*five, saveWeights(*ten));
    FAIL() << "loading 10-class weights into a 5-class model succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Execution);
    EXPECT_NE(std::string(error.what()).find("'head.weight' is [10, "), std::string::npos) << error.what();
  }
  EXPECT_TRUE(torch::equal(before, five->named_parameters()["head.weight"])) << "a failed load changed the model";
}

INSTANTIATE_TEST_SUITE_P(Archs, EachArch, ::testing::Values("mlp", "cnn", "resnet20"));

TEST(Classifier, ParameterCountsMatchTheLayers) {
  // mlp: 784*256+256 + 256*256+256 + 256*10+10.
  EXPECT_EQ(countParameters(*makeClassifier("mlp", kFashion)), 269322);
  // cnn: conv 1->16 (160), conv 16->32 (4640), linear 32*7*7->128 (200832), linear 128->10 (1290).
  EXPECT_EQ(countParameters(*makeClassifier("cnn", kFashion)), 206922);
  // resnet20 with option-A shortcuts: the well-known ~0.27M parameters.
  const int64_t resnet = countParameters(*makeClassifier("resnet20", kFashion));
  EXPECT_GT(resnet, 260000);
  EXPECT_LT(resnet, 280000);
}

TEST(Classifier, MlpWeightsDoNotLoadIntoACnn) {
  auto mlp = makeClassifier("mlp", kFashion);
  auto cnn = makeClassifier("cnn", kFashion);
  EXPECT_THROW(loadWeights(*cnn, saveWeights(*mlp)), Error);
  try {
    loadWeights(*cnn, {1, 2, 3});
    FAIL() << "garbage bytes loaded";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Execution);
  }
}

// Only the mlp's output layer: every entry it expects is in an mlp's weights, but the
// mlp's hidden layers are left over.
class HeadOnly : public Classifier {
 public:
  HeadOnly() : head_(register_module("head", torch::nn::Linear(256, 10))) {}
  torch::Tensor forward(const torch::Tensor& x) override { return head_->forward(x); }

 private:
  torch::nn::Linear head_;
};

TEST(Classifier, LeftOverEntriesAreRejected) {
  HeadOnly head;
  try {
    loadWeights(head, saveWeights(*makeClassifier("mlp", kFashion)));
    FAIL() << "an mlp's weights loaded into a lone output layer";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("unexpected entry 'fc1.weight'"), std::string::npos) << error.what();
  }
}

TEST(Classifier, UnknownArchitectureSuggestsAName) {
  try {
    makeClassifier("cnnn", kFashion);
    FAIL() << "unknown architecture accepted";
  } catch (const Error& error) {
    EXPECT_EQ(std::string(error.what()), "unknown architecture 'cnnn'. Did you mean 'cnn'?");
  }
}

TEST(DenseForward, MatchesTheLinearLayerAndItsGradients) {
  torch::manual_seed(1);
  torch::nn::Linear layer(784, 33);
  const torch::Tensor x = torch::rand({16, 784});
  const torch::Tensor expected = layer->forward(x);
  layer->zero_grad();
  expected.square().sum().backward();
  const torch::Tensor expected_grad = layer->weight.grad().clone();
  layer->zero_grad();
  const torch::Tensor actual = denseForward(layer, x);
  actual.square().sum().backward();
  EXPECT_EQ(actual.sizes(), expected.sizes());
  EXPECT_TRUE(torch::allclose(actual, expected, 1e-4, 1e-5));
  EXPECT_TRUE(torch::allclose(layer->weight.grad(), expected_grad, 1e-4, 1e-4));
  EXPECT_TRUE(torch::allclose(denseForward(layer, x.slice(0, 0, 1)), expected.slice(0, 0, 1), 1e-4, 1e-5));
}

TEST(Device, NamesResolve) {
  EXPECT_EQ(resolveDevice("cpu"), torch::Device(torch::kCPU));
  EXPECT_EQ(resolveDevice("auto").is_cuda(), torch::cuda::is_available());
  if (!torch::cuda::is_available()) {
    try {
      resolveDevice("cuda");
      FAIL() << "cuda resolved without CUDA";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::Execution);
      EXPECT_NE(std::string(error.what()).find("use SET device = 'cpu'"), std::string::npos);
    }
  }
  EXPECT_THROW(resolveDevice("tpu"), Error);
}

}  // namespace
}  // namespace lethe::ml
