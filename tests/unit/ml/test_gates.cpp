// REM's channel gates: drop mode is exactly the pruned θ1 twin, θ2 cannot influence it,
// mask mode is deterministic per sample key and shared by the forget set's key.
#include <gtest/gtest.h>

#include "ml/gates.hpp"

namespace lethe::ml {
namespace {

const InputShape kShape{1, 28, 28, 10};
const std::vector<std::string> kGated = {"cnn_gated", "resnet20_gated", "resnet9_gated"};

torch::Tensor images(int64_t n) {
  torch::manual_seed(11);
  return torch::rand({n, kShape.channels, kShape.height, kShape.width});
}

TEST(Gates, DropModeIsThePrunedTwinInBothModes) {
  for (const auto& arch : kGated) {
    SCOPED_TRACE(arch);
    torch::manual_seed(3);
    auto full = makeClassifier(arch, kShape);
    auto pruned = makePrunedClassifier(arch, kShape);
    ASSERT_NE(asGated(*full), nullptr);
    EXPECT_EQ(asGated(*pruned), nullptr) << "the twin has no gates";
    EXPECT_LT(countParameters(*pruned), countParameters(*full));
    copyLeading(*full, *pruned);
    const torch::Tensor x = images(6);
    torch::NoGradGuard no_grad;
    full->eval();
    pruned->eval();
    EXPECT_TRUE(torch::allclose(full->forward(x), pruned->forward(x), 1e-4, 1e-5));
    full->train();
    pruned->train();  // BatchNorm on batch statistics: θ1's are the same
    EXPECT_TRUE(torch::allclose(full->forward(x), pruned->forward(x), 1e-4, 1e-5));
  }
}

TEST(Gates, ThetaTwoCannotChangeTheDropModeNetwork) {
  for (const auto& arch : kGated) {
    SCOPED_TRACE(arch);
    torch::manual_seed(4);
    auto model = makeClassifier(arch, kShape);
    model->eval();
    const torch::Tensor x = images(4);
    torch::NoGradGuard no_grad;
    const torch::Tensor before = model->forward(x);
    // Rewrite everything outside the θ1 slices: a pruned twin put back over random weights.
    auto twin = makePrunedClassifier(arch, kShape);
    copyLeading(*model, *twin);
    for (auto& p : model->parameters()) p.normal_(0.0, 1.0);
    copyLeading(*twin, *model);
    EXPECT_TRUE(torch::allclose(before, model->forward(x), 1e-4, 1e-5));
    // In full mode the new θ2 does change the output.
    asGated(*model)->gates().mode = GateMode::Full;
    EXPECT_FALSE(torch::allclose(before, model->forward(x), 1e-3, 1e-3));
  }
}

TEST(Gates, MaskModeIsDeterministicPerKeyAndSharedByTheForgetKey) {
  torch::manual_seed(5);
  auto model = makeClassifier("cnn_gated", kShape);
  model->eval();
  GatedClassifier& gated = *asGated(*model);
  torch::NoGradGuard no_grad;
  const torch::Tensor x = images(1).repeat({4, 1, 1, 1});  // one image four times
  torch::Tensor out;
  {
    GateModeScope scope(gated, GateMode::Mask, torch::tensor(std::vector<int64_t>{7, 7, 8, kSharedForgetKey}));
    out = model->forward(x);
    EXPECT_TRUE(torch::allclose(out[0], out[1])) << "the same key, the same mask";
    EXPECT_FALSE(torch::allclose(out[0], out[2])) << "another key, another mask";
    const torch::Tensor again = model->forward(x);
    EXPECT_TRUE(torch::equal(out, again)) << "masks do not change between calls";
  }
  EXPECT_EQ(gated.gates().mode, GateMode::Drop) << "the scope restores drop mode";
  {
    GateModeScope scope(gated, GateMode::Mask, torch::full({2}, kSharedForgetKey, torch::kInt64));
    const torch::Tensor shared = model->forward(x.slice(0, 0, 2));
    EXPECT_TRUE(torch::allclose(shared[0], out[3])) << "every forget-set sample shares one mask";
  }
  // Mask mode sits between drop and full: it is neither.
  const torch::Tensor drop = model->forward(x.slice(0, 0, 1));
  EXPECT_FALSE(torch::allclose(drop[0], out[0], 1e-4, 1e-4));
}

}  // namespace
}  // namespace lethe::ml
