#pragma once
// What the corrupted-data methods share (METHODS.md, "REM"): per-sample cross-entropy, the
// NPO losses against a frozen reference whose logits are computed once, and the
// model-selection rule that needs no test data.
#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

#include "executors/unlearn_common.hpp"

namespace lethe::exec {

// Cross-entropy of each sample: [N].
torch::Tensor perSampleCrossEntropy(const torch::Tensor& logits, const torch::Tensor& labels);

// NPO's forgetting loss per sample, −(2/β) log σ(β(ℓ − ℓ_ref)): falls as the model's loss ℓ
// rises above the reference's ℓ_ref.
torch::Tensor npoForgetLoss(const torch::Tensor& loss, const torch::Tensor& reference_loss, double beta);
// Its mirror, (2/β) log σ(β(ℓ − ℓ_ref)): falls as ℓ sinks below ℓ_ref (REM's redirection).
torch::Tensor npoLearnLoss(const torch::Tensor& loss, const torch::Tensor& reference_loss, double beta);

// The logits of a frozen network (eval mode, no gradients) for `rows` of the training split,
// in a [train rows, classes] tensor on the run's device (other rows 0). Frozen networks give
// the same logits every epoch, so methods compute them once instead of in every batch.
// `before_batch`, when given, sees each batch's row ids before its forward pass (rem sets the
// reference's mask-mode keys there).
torch::Tensor frozenLogits(const UnlearnInput& input, ml::Classifier& network, const torch::Tensor& rows,
                           const std::function<void(const torch::Tensor& ids)>& before_batch = {});

// NPO's forgetting loss of a batch, mean over the batch, against stored reference logits —
// a BatchLoss for ml::trainEpoch.
ml::BatchLoss npoForgetBatchLoss(const torch::Tensor& reference_logits, double beta);

// Keeps the best model seen under REM's selection rule,
// Acc(D_r) × (1 − max(Acc(D_f), floor)), accuracies as fractions on the stored labels of
// the (possibly corrupted) training set, and puts it back at the end.
class BestBySelectionRule {
 public:
  BestBySelectionRule(const UnlearnInput& input, double floor = 0.2);
  // Scores the model as it is now (the caller sets drop mode on gated networks) and keeps
  // it when it beats the best so far. Returns the forget-set accuracy (fraction).
  double offer();
  // Loads the best model offered into the live one (no-op when nothing was offered).
  void restoreBest();
  double bestScore() const { return best_score_; }

 private:
  const UnlearnInput& input_;
  double floor_;
  double best_score_ = -1.0;
  std::vector<torch::Tensor> best_;
};

}  // namespace lethe::exec
