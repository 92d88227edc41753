// FT (fine-tuning): cross-entropy on the retain set only; forgetting comes from
// catastrophic forgetting of what D_f alone taught the model.
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

void unlearnFt(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  MethodOptimizer optimizer(input);
  for (int64_t epoch = input.first_epoch; epoch < options.integer("epochs"); ++epoch) {
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.retain_ids, unlearnBatchSize(options),
                   passSeed(input.seed(), epoch, 1), input.device, input.context, "ft", optimizer.hooks());
    input.epochDone(epoch + 1);
  }
  input.model.eval();
}

}  // namespace lethe::exec
