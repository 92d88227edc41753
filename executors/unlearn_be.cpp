// BE (boundary expanding, Chen et al. 2023): the output layer gets one extra "shadow" class,
// every forget image is trained toward it — pushing D_f out of the classes it came from —
// and the shadow class is removed at the end. (The original code keeps the widened layer; we
// prune it, so the model keeps its number of outputs and every metric still applies.)
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

namespace {

bool isHead(const std::string& name) { return name.rfind("head.", 0) == 0; }

// Copies `from` into `to` where the shapes differ only in the head's first dimension: the
// first `classes` rows of a head parameter, everything of the others.
void copyState(torch::nn::Module& from, torch::nn::Module& to, int64_t classes, bool into_wider) {
  torch::NoGradGuard no_grad;
  auto source = from.named_parameters();
  for (auto& target : to.named_parameters()) {
    const torch::Tensor& value = source[target.key()];
    if (!isHead(target.key())) target.value().copy_(value);
    else if (into_wider) target.value().slice(0, 0, classes).copy_(value);
    else target.value().copy_(value.slice(0, 0, classes));
  }
  auto source_buffers = from.named_buffers();
  for (auto& target : to.named_buffers()) target.value().copy_(source_buffers[target.key()]);
}

// The saliency mask for the widened network: the original mask, with the shadow class's
// head row trainable.
SaliencyMask widenMask(const SaliencyMask& mask, ml::Classifier& wide) {
  SaliencyMask widened;
  size_t i = 0;
  for (auto& parameter : wide.named_parameters()) {
    torch::Tensor part = mask.at(i++);
    if (isHead(parameter.key())) {
      auto extra_shape = part.sizes().vec();
      extra_shape[0] = 1;
      part = torch::cat({part, torch::ones(extra_shape, part.options())});
    }
    widened.push_back(part);
  }
  return widened;
}

}  // namespace

void unlearnBe(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  const int64_t classes = input.data.num_classes;
  torch::manual_seed(input.seed());  // the shadow row's initialisation
  std::shared_ptr<ml::Classifier> wide = makeNetwork(input, classes + 1);
  copyState(input.model, *wide, classes, /*into_wider=*/true);

  torch::optim::SGD sgd(wide->parameters(), unlearnSgdOptions(options));
  std::optional<MaskedUpdate> masked;
  if (input.mask) masked.emplace(*wide, widenMask(*input.mask, *wide));
  const ml::StepHooks hooks = maskedStepHooks(masked ? &*masked : nullptr, sgd);
  const ml::BatchLoss toward_shadow = [classes](const torch::Tensor& logits, const torch::Tensor& labels,
                                                const torch::Tensor&) {
    return torch::nn::functional::cross_entropy(logits, torch::full_like(labels, classes));
  };
  for (int64_t epoch = 0; epoch < options.integer("epochs"); ++epoch) {
    ml::trainEpoch(*wide, sgd, input.data.train, input.forget_ids, unlearnBatchSize(options),
                   passSeed(input.seed(), epoch, 0), input.device, input.context, "be", hooks, toward_shadow);
  }
  copyState(*wide, input.model, classes, /*into_wider=*/false);
  input.model.eval();
}

}  // namespace lethe::exec
