// GA (gradient ascent): maximise the cross-entropy of the forget set, touching nothing else.
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

void unlearnGa(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  MethodOptimizer optimizer(input);
  const ml::BatchLoss ascent = [](const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor&) {
    return -torch::nn::functional::cross_entropy(logits, labels);
  };
  for (int64_t epoch = input.first_epoch; epoch < options.integer("epochs"); ++epoch) {
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.forget_ids, unlearnBatchSize(options),
                   passSeed(input.seed(), epoch, 0), input.device, input.context, "ga", optimizer.hooks(), ascent);
    input.epochDone(epoch + 1);
  }
  input.model.eval();
}

}  // namespace lethe::exec
