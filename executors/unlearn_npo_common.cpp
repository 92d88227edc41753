#include "executors/unlearn_npo_common.hpp"

#include <algorithm>

#include "ml/training.hpp"

namespace lethe::exec {
namespace {

// Parameters and buffers, in a fixed order, for snapshots of the live model.
std::vector<torch::Tensor> stateOf(ml::Classifier& model) {
  std::vector<torch::Tensor> state;
  for (const auto& parameter : model.parameters(true)) state.push_back(parameter);
  for (const auto& buffer : model.buffers(true)) state.push_back(buffer);
  return state;
}

}  // namespace

torch::Tensor perSampleCrossEntropy(const torch::Tensor& logits, const torch::Tensor& labels) {
  return torch::nn::functional::cross_entropy(
      logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kNone));
}

torch::Tensor npoForgetLoss(const torch::Tensor& loss, const torch::Tensor& reference_loss, double beta) {
  return torch::log_sigmoid(beta * (loss - reference_loss)) * (-2.0 / beta);
}

torch::Tensor npoLearnLoss(const torch::Tensor& loss, const torch::Tensor& reference_loss, double beta) {
  return torch::log_sigmoid(beta * (loss - reference_loss)) * (2.0 / beta);
}

torch::Tensor frozenLogits(const UnlearnInput& input, ml::Classifier& network, const torch::Tensor& rows,
                           const std::function<void(const torch::Tensor& ids)>& before_batch) {
  torch::NoGradGuard no_grad;
  network.eval();
  const ml::Split& train = input.data.train;
  torch::Tensor logits;
  for (const torch::Tensor& ids : ml::makeBatches(rows, 1024, /*shuffle=*/false, 0)) {
    ml::checkCancelled(input.context);
    if (before_batch) before_batch(ids);
    const torch::Tensor out = network.forward(ml::toInput(train.images.index_select(0, ids), input.device));
    if (!logits.defined()) logits = torch::zeros({train.size(), out.size(1)}, out.options());
    logits.index_copy_(0, ids.to(out.device()), out);
  }
  return logits;
}

ml::BatchLoss npoForgetBatchLoss(const torch::Tensor& reference_logits, double beta) {
  return [reference_logits, beta](const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& ids) {
    const torch::Tensor reference = reference_logits.index_select(0, ids.to(reference_logits.device()));
    return npoForgetLoss(perSampleCrossEntropy(logits, labels), perSampleCrossEntropy(reference, labels), beta).mean();
  };
}

BestBySelectionRule::BestBySelectionRule(const UnlearnInput& input, double floor) : input_(input), floor_(floor) {}

double BestBySelectionRule::offer() {
  const double retain = ml::accuracy(input_.model, input_.data.train, input_.retain_ids, input_.device) / 100.0;
  const double forget = ml::accuracy(input_.model, input_.data.train, input_.forget_ids, input_.device) / 100.0;
  const double score = retain * (1.0 - std::max(forget, floor_));
  if (score > best_score_) {
    best_score_ = score;
    best_.clear();
    torch::NoGradGuard no_grad;
    for (const torch::Tensor& tensor : stateOf(input_.model)) best_.push_back(tensor.detach().clone());
  }
  return forget;
}

void BestBySelectionRule::restoreBest() {
  if (best_.empty()) return;
  torch::NoGradGuard no_grad;
  const std::vector<torch::Tensor> live = stateOf(input_.model);
  for (size_t i = 0; i < live.size(); ++i) live[i].copy_(best_[i]);
}

}  // namespace lethe::exec
