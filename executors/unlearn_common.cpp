#include "executors/unlearn_common.hpp"

#include <ATen/CPUGeneratorImpl.h>

namespace lethe::exec {

torch::optim::SGDOptions unlearnSgdOptions(const OptionValues& options) {
  return torch::optim::SGDOptions(options.real("lr"))
      .momentum(options.real("momentum"))
      .weight_decay(options.real("weight_decay"));
}

int64_t unlearnBatchSize(const OptionValues& options) { return options.integer("batch_size"); }

ml::StepHooks maskedStepHooks(MaskedUpdate* update, torch::optim::SGD& optimizer) {
  if (!update) return {};
  return {[update] { update->maskGradients(); }, [update, &optimizer] { update->restoreFrozen(optimizer); }};
}

MethodOptimizer::MethodOptimizer(const UnlearnInput& input)
    : sgd_(input.model.parameters(), unlearnSgdOptions(input.options())) {
  if (input.mask) masked_.emplace(input.model, *input.mask);
  hooks_ = maskedStepHooks(masked_ ? &*masked_ : nullptr, sgd_);
}

std::shared_ptr<ml::Classifier> makeNetwork(const UnlearnInput& input, int64_t classes) {
  const DatasetSource& source = input.request.dataset;
  auto network = ml::makeClassifier(input.request.arch, {source.channels, source.height, source.width, classes});
  network->to(input.device);
  return network;
}

bool finiteWeights(ml::Classifier& model) {
  torch::NoGradGuard no_grad;
  for (const auto& parameter : model.parameters())
    if (!torch::isfinite(parameter).all().item<bool>()) return false;
  return true;
}

std::shared_ptr<ml::Classifier> loadOriginal(const ForgetRequest& request, const torch::Device& device) {
  const DatasetSource& source = request.dataset;
  std::shared_ptr<ml::Classifier> model =
      ml::makeClassifier(request.arch, {source.channels, source.height, source.width, source.num_classes});
  ml::loadWeights(*model, request.weights);
  model->to(device);
  model->eval();
  return model;
}

std::shared_ptr<ml::Classifier> frozenOriginal(const UnlearnInput& input) {
  std::shared_ptr<ml::Classifier> original = loadOriginal(input.request, input.device);
  for (auto& parameter : original->parameters()) parameter.set_requires_grad(false);
  return original;
}

uint64_t passSeed(uint64_t seed, int64_t epoch, int pass) {
  // splitmix64 finaliser over the combined inputs: nearby seeds give unrelated shuffles.
  uint64_t z = seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(epoch) * 4 + static_cast<uint64_t>(pass);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

ml::BatchLoss randomLabelLoss(uint64_t seed) {
  auto generator = std::make_shared<at::Generator>(at::make_generator<at::CPUGeneratorImpl>(seed));
  return [generator](const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor&) {
    // The class count is the model's output width; labels only lend their length and device.
    const torch::Tensor random =
        torch::randint(0, logits.size(1), {labels.size(0)}, *generator, torch::TensorOptions(torch::kLong));
    return torch::nn::functional::cross_entropy(logits, random.to(logits.device()));
  };
}

ml::BatchLoss randomLabelLossOn(const torch::Tensor& relabelled_ids, int64_t rows, uint64_t seed) {
  auto generator = std::make_shared<at::Generator>(at::make_generator<at::CPUGeneratorImpl>(seed));
  const torch::Tensor relabelled = torch::zeros({rows}, torch::kBool).index_fill_(0, relabelled_ids.cpu(), true);
  return [generator, relabelled](const torch::Tensor& logits, const torch::Tensor& labels,
                                 const torch::Tensor& batch_indices) {
    const torch::Tensor random =
        torch::randint(0, logits.size(1), {labels.size(0)}, *generator, torch::TensorOptions(torch::kLong));
    const torch::Tensor pick = relabelled.index_select(0, batch_indices.cpu()).to(labels.device());
    return torch::nn::functional::cross_entropy(logits, torch::where(pick, random.to(labels.device()), labels));
  };
}

}  // namespace lethe::exec
