// Random labelling, the update rule of rl and salun (METHODS.md, "Classification methods").
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

void randomLabelling(const UnlearnInput& input, const std::string& op_name, const std::function<void()>& after_step) {
  const OptionValues& options = input.options();
  const int64_t epochs = options.integer("epochs");
  const int64_t batch_size = unlearnBatchSize(options);
  const uint64_t seed = input.seed();

  MethodOptimizer optimizer(input);
  ml::StepHooks hooks = optimizer.hooks();
  if (after_step) {
    hooks.after_step = [inner = hooks.after_step, after_step] {
      if (inner) inner();
      after_step();
    };
  }
  // `mixed` is SalUn's CIFAR-100 / TinyImageNet order: the forget rows, relabelled at random,
  // shuffled into the retain rows, so every batch carries both signals.
  const bool mixed = options.string("passes") == "mixed";
  const torch::Tensor mixed_rows = mixed ? torch::cat({input.forget_ids, input.retain_ids}) : torch::Tensor();
  const ml::BatchLoss forget_loss = mixed ? randomLabelLossOn(input.forget_ids, input.data.train.labels.size(0), seed)
                                          : randomLabelLoss(seed);
  for (int64_t epoch = input.first_epoch; epoch < epochs; ++epoch) {
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, mixed ? mixed_rows : input.forget_ids, batch_size,
                   passSeed(seed, epoch, 0), input.device, input.context, op_name, hooks, forget_loss);
    if (!mixed && input.retain_ids.numel() > 0)
      ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.retain_ids, batch_size,
                     passSeed(seed, epoch, 1), input.device, input.context, op_name, hooks);
    input.epochDone(epoch + 1);
  }
  input.model.eval();
}

}  // namespace lethe::exec
