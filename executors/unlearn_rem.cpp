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

// ℓ(f_ref(x), y) of every training row, f_ref in mask mode under the row's key (float, on
// the run's device).
torch::Tensor referenceLosses(const UnlearnInput& input, const torch::Tensor& is_forget) {
  std::shared_ptr<ml::Classifier> network = frozenOriginal(input);  // a frozen copy, eval mode
  ml::GatedClassifier& reference = requireGated(*network, input.request.arch);
  reference.gates().keep_probability = input.options().realOr("p_mem", 0.2);
  reference.gates().seed = input.seed();
  torch::NoGradGuard no_grad;
  const ml::Split& train = input.data.train;
  std::vector<torch::Tensor> parts;
  for (const torch::Tensor& ids : ml::makeBatches(torch::arange(train.size(), torch::kInt64), 1024, false, 0)) {
    ml::checkCancelled(input.context);
    ml::GateModeScope mode(reference, ml::GateMode::Mask, gateKeys(ids, is_forget));
    const torch::Tensor x = ml::toInput(train.images.index_select(0, ids), input.device);
    parts.push_back(perSampleCrossEntropy(reference.forward(x), train.labels.index_select(0, ids).to(input.device)));
  }
  return torch::cat(parts);
}

}  // namespace

void unlearnRem(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  ml::GatedClassifier& model = requireGated(input.model, input.request.arch);

  const double beta = options.realOr("beta", 1.0);
  const double remove_until = options.realOr("remove_until", 0.2);
  const int64_t max_remove_epochs = options.integerOr("max_remove_epochs", 100);
  model.gates().keep_probability = options.realOr("p_mem", 0.2);
  model.gates().seed = input.seed();

  torch::Tensor is_forget = torch::zeros({input.data.train.size()}, torch::kBool);
  is_forget.index_fill_(0, input.forget_ids, true);
  const torch::Tensor all_rows = torch::arange(input.data.train.size(), torch::kInt64);

  // ℓ(f_ref(x), y) in mask mode: f_ref is frozen, in eval mode, and every row's mask is fixed
  // by its key, so each row's reference loss is one number for the whole run — computed once
  // here rather than in every removal and redirection batch.
  const torch::Tensor reference_losses = referenceLosses(input, is_forget);
  auto reference_loss = [&](const Batch& batch) {
    return reference_losses.index_select(0, batch.ids.to(reference_losses.device()));
  };
  auto drop_mode_loss = [&](const torch::Tensor& x, const torch::Tensor& y) {
    ml::GateModeScope mode(model, ml::GateMode::Drop);
    return perSampleCrossEntropy(model.forward(x), y);
  };
  auto forget_accuracy = [&] {
    ml::GateModeScope mode(model, ml::GateMode::Drop);
    return ml::accuracy(model, input.data.train, input.forget_ids, input.device) / 100.0;
  };

  MethodOptimizer optimizer(input);
  BestBySelectionRule best(input);
  const int64_t cycles = options.integerOr("epochs", 10);
  for (int64_t cycle = 0; cycle < cycles; ++cycle) {
    // 2. Remove.
    for (int64_t e = 0; e < max_remove_epochs && forget_accuracy() > remove_until; ++e) {
      lossEpoch(input, optimizer, input.forget_ids, passSeed(input.seed(), cycle * 1000 + e, 0), "rem remove",
                [&](const Batch& batch) {
                  return npoForgetLoss(drop_mode_loss(batch.x, batch.y), reference_loss(batch), beta).mean();
                });
    }
    // 3. Redirect.
    lossEpoch(input, optimizer, all_rows, passSeed(input.seed(), cycle, 1), "rem redirect", [&](const Batch& batch) {
      const torch::Tensor keys = gateKeys(batch.ids, is_forget);
      const torch::Tensor ref = reference_loss(batch);
      torch::Tensor mask_loss;
      {
        ml::GateModeScope mode(model, ml::GateMode::Mask, keys);
        mask_loss = perSampleCrossEntropy(model.forward(batch.x), batch.y);
      }
      torch::Tensor total = npoLearnLoss(mask_loss, ref, beta).sum();
      const torch::Tensor forget_rows = is_forget.index_select(0, batch.ids).nonzero().flatten().to(input.device);
      if (forget_rows.numel() > 0) {
        const torch::Tensor x = batch.x.index_select(0, forget_rows);
        const torch::Tensor y = batch.y.index_select(0, forget_rows);
        total = total + npoForgetLoss(drop_mode_loss(x, y), ref.index_select(0, forget_rows), beta).sum();
      }
      return total / static_cast<double>(batch.ids.numel());
    });
    // 4. Select (drop mode: the network that would be deployed).
    ml::GateModeScope mode(model, ml::GateMode::Drop);
    best.offer();
  }
  best.restoreBest();
  // 5. Deploy in drop mode.
  model.gates().mode = ml::GateMode::Drop;
  model.eval();
}

}  // namespace lethe::exec
