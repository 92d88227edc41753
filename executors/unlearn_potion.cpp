// Potion (Schoepf et al., 2024): Selective Synaptic Dampening with an adaptive selection.
// Each weight's importance is its mean squared gradient (diagonal Fisher) on D_f and on the
// whole training set D; the weights most specific to D_f — largest I_f / I_D — are dampened,
// θ ← θ · min(λ · I_D / I_f, 1). The dampened fraction starts small and widens ×1.1 until
// the network's accuracy on D_f (its stored, corrupted labels) falls to `forget_acc`.
// One shot: no gradient steps, no optimizer.
#include <algorithm>

#include "executors/unlearn_npo_common.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

// Mean over batches of each parameter's squared gradient of the cross-entropy on `ids`.
std::vector<torch::Tensor> importance(const UnlearnInput& input, const torch::Tensor& ids) {
  std::vector<torch::Tensor> parameters = input.model.parameters();
  std::vector<torch::Tensor> sums;
  for (const auto& p : parameters) sums.push_back(torch::zeros_like(p));
  input.model.eval();
  const auto batches = ml::makeBatches(ids, unlearnBatchSize(input.options()), /*shuffle=*/false, 0);
  for (const torch::Tensor& batch : batches) {
    ml::checkCancelled(input.context);
    input.model.zero_grad();
    const torch::Tensor x = ml::toInput(input.data.train.images.index_select(0, batch), input.device);
    const torch::Tensor y = input.data.train.labels.index_select(0, batch).to(input.device);
    torch::nn::functional::cross_entropy(input.model.forward(x), y).backward();
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < parameters.size(); ++i)
      if (parameters[i].grad().defined()) sums[i] += parameters[i].grad().square();
  }
  input.model.zero_grad();
  for (auto& sum : sums) sum /= static_cast<double>(std::max<size_t>(batches.size(), 1));
  return sums;
}

}  // namespace

void unlearnPotion(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  const double lambda = options.real("lambda");
  const double target = options.real("forget_acc");
  const double growth = options.real("growth");
  std::vector<torch::Tensor> parameters = input.model.parameters();
  const std::vector<torch::Tensor> forget_importance = importance(input, input.forget_ids);
  const std::vector<torch::Tensor> all_rows_importance =
      importance(input, torch::arange(input.data.train.size(), torch::kInt64));

  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> start, ratio, damping;
  for (size_t i = 0; i < parameters.size(); ++i) {
    start.push_back(parameters[i].detach().clone());
    ratio.push_back(forget_importance[i] / all_rows_importance[i].clamp_min(1e-20));
    damping.push_back((lambda * all_rows_importance[i] / forget_importance[i].clamp_min(1e-20)).clamp_max(1.0));
  }
  std::vector<torch::Tensor> flat;
  for (const auto& r : ratio) flat.push_back(r.flatten());
  const torch::Tensor sorted = std::get<0>(torch::cat(flat).sort(/*stable=*/false, 0, /*descending=*/true)).to(torch::kCPU);
  const int64_t total = sorted.numel();

  for (double fraction = options.real("start_fraction");; fraction = std::min(1.0, fraction * growth)) {
    ml::checkCancelled(input.context);
    const int64_t k = std::clamp<int64_t>(static_cast<int64_t>(fraction * double(total)), 1, total);
    const double threshold = sorted[k - 1].item<double>();
    for (size_t i = 0; i < parameters.size(); ++i)
      parameters[i].copy_(torch::where(ratio[i] >= threshold, start[i] * damping[i], start[i]));
    const double forget = ml::accuracy(input.model, input.data.train, input.forget_ids, input.device);
    if (input.context.progress) input.context.progress({"potion", k, total, "forget acc " + std::to_string(forget)});
    if (forget <= target || fraction >= 1.0) break;
  }
  input.model.eval();
}

}  // namespace lethe::exec
