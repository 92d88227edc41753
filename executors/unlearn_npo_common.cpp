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

void lossEpoch(const UnlearnInput& input, MethodOptimizer& optimizer, const torch::Tensor& indices,
               uint64_t shuffle_seed, const std::string& op_name,
               const std::function<torch::Tensor(const Batch&)>& loss_of) {
  input.model.train();
  const std::vector<torch::Tensor> batches =
      ml::makeBatches(indices, unlearnBatchSize(input.options()), /*shuffle=*/true, shuffle_seed);
  const auto total = static_cast<int64_t>(batches.size());
  for (int64_t b = 0; b < total; ++b) {
    ml::checkCancelled(input.context);
    const Batch batch{batches[b], ml::toInput(input.data.train.images.index_select(0, batches[b]), input.device),
                      input.data.train.labels.index_select(0, batches[b]).to(input.device)};
    optimizer.sgd().zero_grad();
    torch::Tensor loss = loss_of(batch);
    loss.backward();
    if (optimizer.hooks().after_backward) optimizer.hooks().after_backward();
    optimizer.sgd().step();
    if (optimizer.hooks().after_step) optimizer.hooks().after_step();
    if (input.context.progress && ((b + 1) % 20 == 0 || b + 1 == total))
      input.context.progress({op_name, b + 1, total, ""});
  }
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
