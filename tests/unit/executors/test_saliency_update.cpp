// MaskedUpdate under SGD with momentum and weight decay: frozen weights do not move at all.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "executors/saliency.hpp"
#include "executors/unlearn_common.hpp"
#include "ml/training.hpp"
#include "test_saliency_fixture.hpp"

namespace lethe::exec {
namespace {

using testing::makeTinyNet;
using testing::makeTinySplit;

const torch::Device kCpu(torch::kCPU);

std::vector<torch::Tensor> snapshot(ml::Classifier& model) {
  std::vector<torch::Tensor> copies;
  for (const auto& parameter : model.parameters()) copies.push_back(parameter.detach().clone());
  return copies;
}

TEST(MaskedUpdate, FrozenWeightsStayBitForBitAfterMomentumAndWeightDecay) {
  auto model = makeTinyNet(11, 16);
  const auto split = makeTinySplit(256, 12);
  const auto ids = torch::arange(0, 256, torch::kLong);
  ExecutionContext context;
  const SaliencyMask mask = computeSaliencyMask(*model, split, ids.slice(0, 0, 64), 0.5, 32, kCpu, context);
  const auto before = snapshot(*model);

  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(5e-3));
  MaskedUpdate update(*model, mask);
  const ml::StepHooks hooks = maskedStepHooks(&update, optimizer);
  for (int epoch = 0; epoch < 2; ++epoch)
    ml::trainEpoch(*model, optimizer, split, ids, 16, passSeed(1, epoch, 0), kCpu, context, "test", hooks);

  const auto after = model->parameters();
  int64_t salient_changed = 0, salient_total = 0;
  for (size_t i = 0; i < after.size(); ++i) {
    const auto frozen = mask[i] == 0;
    EXPECT_TRUE(torch::equal(after[i].detach().masked_select(frozen), before[i].masked_select(frozen)))
        << "parameter " << i << " moved outside its mask";
    const auto salient = mask[i] == 1;
    salient_changed += (after[i].detach().masked_select(salient) != before[i].masked_select(salient)).sum().item<int64_t>();
    salient_total += salient.sum().item<int64_t>();
    // Momentum of frozen coordinates is zero, so it cannot carry them on a later step.
    auto& state = optimizer.state();
    auto found = state.find(c10::guts::to_string(after[i].unsafeGetTensorImpl()));
    ASSERT_NE(found, state.end());
    const auto& buffer = static_cast<torch::optim::SGDParamState&>(*found->second).momentum_buffer();
    EXPECT_TRUE((buffer.masked_select(frozen) == 0).all().item<bool>());
  }
  EXPECT_GT(salient_changed, salient_total * 9 / 10);
}

TEST(MaskedUpdate, WithoutRestoreWeightDecayWouldMoveFrozenWeights) {
  // The control for the test above: masking gradients alone is not enough.
  auto model = makeTinyNet(13, 16);
  const auto split = makeTinySplit(64, 14);
  const auto ids = torch::arange(0, 64, torch::kLong);
  ExecutionContext context;
  const SaliencyMask mask = computeSaliencyMask(*model, split, ids, 0.5, 32, kCpu, context);
  const auto before = snapshot(*model);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9).weight_decay(5e-3));
  MaskedUpdate update(*model, mask);
  ml::StepHooks hooks;
  hooks.after_backward = [&] { update.maskGradients(); };
  ml::trainEpoch(*model, optimizer, split, ids, 16, 1, kCpu, context, "test", hooks);
  const auto frozen = mask[0] == 0;
  EXPECT_FALSE(torch::equal(model->parameters()[0].detach().masked_select(frozen), before[0].masked_select(frozen)));
}

TEST(MaskedUpdate, RejectsAMaskOfAnotherModel) {
  auto small = makeTinyNet(1, 5);
  auto wider = makeTinyNet(1, 6);
  SaliencyMask mask;
  for (const auto& parameter : small->parameters()) mask.push_back(torch::ones_like(parameter));
  EXPECT_THROW(MaskedUpdate(*wider, mask), Error);
  mask.pop_back();
  EXPECT_THROW(MaskedUpdate(*small, mask), Error);
}

}  // namespace
}  // namespace lethe::exec
