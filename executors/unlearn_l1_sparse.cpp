// ℓ1-sparse unlearning: fine-tuning on the retain set plus γ_e‖θ‖₁ over all parameters,
// with γ_e falling linearly from γ in the first epoch to γ/10 in the last (METHODS.md).
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

void unlearnL1Sparse(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  const int64_t epochs = options.integer("epochs");
  const double gamma = options.real("gamma");
  MethodOptimizer optimizer(input);
  const std::vector<torch::Tensor> parameters = input.model.parameters();
  for (int64_t epoch = 0; epoch < epochs; ++epoch) {
    const double progress = epochs > 1 ? static_cast<double>(epoch) / static_cast<double>(epochs - 1) : 0.0;
    const double gamma_e = gamma * (1.0 - 0.9 * progress);
    const ml::BatchLoss sparse = [&](const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor&) {
      torch::Tensor norm = torch::zeros({}, logits.options());
      for (const auto& p : parameters) norm = norm + p.abs().sum();
      return torch::nn::functional::cross_entropy(logits, labels) + gamma_e * norm;
    };
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.retain_ids, unlearnBatchSize(options),
                   passSeed(input.seed(), epoch, 1), input.device, input.context, "l1_sparse", optimizer.hooks(), sparse);
  }
  input.model.eval();
}

}  // namespace lethe::exec
