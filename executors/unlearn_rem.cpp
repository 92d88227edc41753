// REM, Redirection for Erasing Memory (Schoepf et al., ICLR 2026; METHODS.md "REM"). The
// discovered corrupted rows D_f are removed from the always-on channels θ1 while the whole
// training set — hidden corruption included — is redirected into the dedicated channels θ2,
// which are then dropped: whatever the corruption taught the network ends up in θ2.
//   1. switch θ2 on (mask mode: per-sample Bernoulli(p_mem) channels, one mask for all of D_f)
//   2. remove: NPO epochs over D_f on the drop-mode network until its accuracy on D_f <= 0.2
//   3. redirect: one epoch over the training set learning it in mask mode (NPO's mirror
//      loss), plus the removal term on the drop-mode network for D_f rows
//   4. repeat 2-3 `epochs` times, keeping the best cycle by the selection rule
//   5. deploy in drop mode
// f_ref is a frozen copy of the starting network, in eval and mask mode.
#include "common/error.hpp"
#include "executors/unlearn_npo_common.hpp"
#include "ml/gates.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

// The mask-mode keys of a batch: the row index, or the shared key for forget-set rows.
torch::Tensor gateKeys(const torch::Tensor& ids, const torch::Tensor& is_forget) {
  return torch::where(is_forget.index_select(0, ids), torch::full_like(ids, ml::kSharedForgetKey), ids);
}

ml::GatedClassifier& requireGated(ml::Classifier& model, const std::string& arch) {
  ml::GatedClassifier* gated = ml::asGated(model);
  if (!gated)
    throw Error(ErrorKind::Execution, "method 'rem' needs an architecture with channel gates (" +
                                          ml::gatedArchList() + "), not '" + arch + "'");
  return *gated;
}

// f_ref's logits of every training row, in mask mode under the row's key. f_ref is frozen
// and in eval mode, and every row's mask is fixed by its key, so these are computed once for
// the whole run rather than in every removal and redirection batch.
torch::Tensor referenceLogits(const UnlearnInput& input, const torch::Tensor& is_forget) {
  std::shared_ptr<ml::Classifier> network = frozenOriginal(input);
  ml::GatedClassifier& reference = requireGated(*network, input.request.arch);
  reference.gates().keep_probability = input.options().real("p_mem");
  reference.gates().seed = input.seed();
  reference.gates().mode = ml::GateMode::Mask;
  return frozenLogits(input, reference, torch::arange(input.data.train.size(), torch::kInt64),
                      [&](const torch::Tensor& ids) { reference.gates().keys = gateKeys(ids, is_forget); });
}

// Step 3, one epoch over `rows`: per batch, NPO's mirror loss on the mask-mode network for
// every row plus the removal term on the drop-mode network for forget-set rows, mean over the
// batch. Two forward passes in different gate modes, hence its own loop (ml::trainEpoch runs one).
void redirectEpoch(const UnlearnInput& input, ml::GatedClassifier& model, MethodOptimizer& optimizer,
                   const torch::Tensor& rows, const torch::Tensor& is_forget, const torch::Tensor& reference_logits,
                   double beta, uint64_t shuffle_seed) {
  model.train();
  const ml::Split& train = input.data.train;
  const auto batches = ml::makeBatches(rows, unlearnBatchSize(input.options()), /*shuffle=*/true, shuffle_seed);
  for (size_t b = 0; b < batches.size(); ++b) {
    ml::checkCancelled(input.context);
    const torch::Tensor& ids = batches[b];
    const torch::Tensor x = ml::toInput(train.images.index_select(0, ids), input.device);
    const torch::Tensor y = train.labels.index_select(0, ids).to(input.device);
    const torch::Tensor reference = perSampleCrossEntropy(reference_logits.index_select(0, ids.to(input.device)), y);
    optimizer.sgd().zero_grad();
    torch::Tensor mask_loss;
    {
      ml::GateModeScope mode(model, ml::GateMode::Mask, gateKeys(ids, is_forget));
      mask_loss = perSampleCrossEntropy(model.forward(x), y);
    }
    torch::Tensor total = npoLearnLoss(mask_loss, reference, beta).sum();
    const torch::Tensor forget_rows = is_forget.index_select(0, ids).nonzero().flatten().to(input.device);
    if (forget_rows.numel() > 0) {  // the model is in drop mode outside the scope above
      const torch::Tensor y_f = y.index_select(0, forget_rows);
      const torch::Tensor drop_loss = perSampleCrossEntropy(model.forward(x.index_select(0, forget_rows)), y_f);
      total = total + npoForgetLoss(drop_loss, reference.index_select(0, forget_rows), beta).sum();
    }
    (total / static_cast<double>(ids.numel())).backward();
    if (optimizer.hooks().after_backward) optimizer.hooks().after_backward();
    optimizer.sgd().step();
    if (optimizer.hooks().after_step) optimizer.hooks().after_step();
    if (input.context.progress && ((b + 1) % 20 == 0 || b + 1 == batches.size()))
      input.context.progress({"rem redirect", static_cast<int64_t>(b + 1), static_cast<int64_t>(batches.size()), ""});
  }
}

}  // namespace

void unlearnRem(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  ml::GatedClassifier& model = requireGated(input.model, input.request.arch);

  const double beta = options.real("beta");
  const double remove_until = options.real("remove_until");
  const int64_t max_remove_epochs = options.integer("max_remove_epochs");
  model.gates().keep_probability = options.real("p_mem");
  model.gates().seed = input.seed();

  torch::Tensor is_forget = torch::zeros({input.data.train.size()}, torch::kBool);
  is_forget.index_fill_(0, input.forget_ids, true);
  const torch::Tensor all_rows = torch::arange(input.data.train.size(), torch::kInt64);

  const torch::Tensor reference_logits = referenceLogits(input, is_forget);
  // The model stays in drop mode except inside redirectEpoch's mask-mode scope.
  const ml::BatchLoss removal = npoForgetBatchLoss(reference_logits, beta);
  auto forget_accuracy = [&] { return ml::accuracy(model, input.data.train, input.forget_ids, input.device) / 100.0; };

  MethodOptimizer optimizer(input);
  BestBySelectionRule best(input);
  const int64_t cycles = options.integer("epochs");
  for (int64_t cycle = 0; cycle < cycles; ++cycle) {
    // 2. Remove.
    for (int64_t e = 0; e < max_remove_epochs && forget_accuracy() > remove_until; ++e) {
      ml::trainEpoch(model, optimizer.sgd(), input.data.train, input.forget_ids, unlearnBatchSize(options),
                     passSeed(input.seed(), cycle * 1000 + e, 0), input.device, input.context, "rem remove",
                     optimizer.hooks(), removal);
    }
    // 3. Redirect.
    redirectEpoch(input, model, optimizer, all_rows, is_forget, reference_logits, beta, passSeed(input.seed(), cycle, 1));
    // 4. Select (drop mode: the network that would be deployed).
    best.offer();
  }
  best.restoreBest();
  // 5. Deploy in drop mode.
  model.gates().mode = ml::GateMode::Drop;
  model.eval();
}

}  // namespace lethe::exec
