// NPO, negative preference optimisation (Zhang et al., 2024), as REM's paper runs it — REM's
// removal step alone: epochs of the NPO forgetting loss −(2/β) log σ(β(ℓ − ℓ_ref)) over D_f
// against a frozen copy of the starting model until the accuracy on D_f is down to
// `remove_until` (at most `epochs`), keeping the best epoch by REM's selection rule
// (METHODS.md "REM"); past that point the rule can only lose retain accuracy.
// Gated networks stay in drop mode throughout: NPO has no use for θ2.
#include "executors/unlearn_npo_common.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

void unlearnNpo(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  const double beta = options.real("beta");
  std::shared_ptr<ml::Classifier> reference = frozenOriginal(input);
  const ml::BatchLoss loss = npoForgetBatchLoss(frozenLogits(input, *reference, input.forget_ids), beta);
  reference.reset();
  MethodOptimizer optimizer(input);
  BestBySelectionRule best(input);
  const double remove_until = options.real("remove_until");
  double forget_accuracy = 1.0;
  for (int64_t epoch = 0; epoch < options.integer("epochs") && forget_accuracy > remove_until; ++epoch) {
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.forget_ids, unlearnBatchSize(options),
                   passSeed(input.seed(), epoch, 0), input.device, input.context, "npo", optimizer.hooks(), loss);
    forget_accuracy = best.offer();
  }
  best.restoreBest();
  input.model.eval();
}

}  // namespace lethe::exec
