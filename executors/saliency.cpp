// The SalUn weight-saliency mask and the masked SGD update (METHODS.md, "Saliency mask").
#include "executors/saliency.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

// Global top-k over the concatenated |gradient| of every parameter. A stable descending sort
// breaks ties by position (earlier parameters, then lower flat index, win), so the same
// gradients always give the same mask and exactly k ones.
SaliencyMask topKSaliencyMask(const std::vector<torch::Tensor>& magnitudes, double threshold) {
  std::vector<torch::Tensor> flat;
  for (const auto& magnitude : magnitudes) flat.push_back(magnitude.reshape({-1}));
  const torch::Tensor all = torch::cat(flat);
  const int64_t total = all.numel();
  const int64_t keep = std::min<int64_t>(total, std::llround(threshold * static_cast<double>(total)));

  torch::Tensor selected = torch::zeros({total}, all.options());
  if (keep > 0) {
    const torch::Tensor order = std::get<1>(all.sort(/*stable=*/true, /*dim=*/0, /*descending=*/true));
    selected.index_fill_(0, order.slice(0, 0, keep), 1.0);
  }

  SaliencyMask mask;
  int64_t offset = 0;
  for (const auto& magnitude : magnitudes) {
    const int64_t count = magnitude.numel();
    mask.push_back(selected.slice(0, offset, offset + count).reshape(magnitude.sizes()).clone());
    offset += count;
  }
  return mask;
}

SaliencyMask computeSaliencyMask(ml::Classifier& model, const ml::Split& train, const torch::Tensor& forget_ids,
                                 double threshold, int64_t batch_size, const torch::Device& device,
                                 const ExecutionContext& context) {
  if (!(threshold >= 0.0 && threshold <= 1.0))
    throw Error(ErrorKind::Execution, "saliency threshold " + std::to_string(threshold) + " is outside [0, 1]");
  if (forget_ids.numel() == 0) throw Error(ErrorKind::Execution, "the saliency mask needs a non-empty forget set");

  model.eval();
  const std::vector<torch::Tensor> parameters = model.parameters();
  model.zero_grad();

  // Gradients accumulate across backward() calls: after the pass each .grad() holds the
  // gradient of -CE summed over every forget row (the gradient-ascent forgetting loss). Rows,
  // not batch means, are summed: a sum of batch means weights the rows of a short last batch
  // up (4 rows left over from batches of 64 count 16 times each), so the mask would change
  // with the unlearning batch size, which the catalog's stored masks are not keyed by.
  const std::vector<torch::Tensor> batches = ml::makeBatches(forget_ids, batch_size, /*shuffle=*/false, 0);
  int64_t done = 0;
  for (const auto& batch : batches) {
    ml::checkCancelled(context);
    const torch::Tensor inputs = ml::toInput(train.images.index_select(0, batch), device);
    const torch::Tensor labels = train.labels.index_select(0, batch).to(device);
    const torch::Tensor loss = -torch::nn::functional::cross_entropy(
        model.forward(inputs), labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    loss.backward();
    if (context.progress)
      context.progress({"saliency", ++done, static_cast<int64_t>(batches.size()), "gradient pass over the forget set"});
  }

  std::vector<torch::Tensor> magnitudes;
  for (const auto& parameter : parameters) {
    // A parameter the forward pass never touched has no gradient: it is the least salient.
    magnitudes.push_back(parameter.grad().defined() ? parameter.grad().detach().abs()
                                                    : torch::zeros_like(parameter));
  }
  model.zero_grad();
  return topKSaliencyMask(magnitudes, threshold);
}

MaskedUpdate::MaskedUpdate(ml::Classifier& model, SaliencyMask mask)
    : parameters_(model.parameters()), mask_(std::move(mask)) {
  if (mask_.size() != parameters_.size())
    throw Error(ErrorKind::Execution, "saliency mask has " + std::to_string(mask_.size()) +
                                          " tensors but the model has " + std::to_string(parameters_.size()) +
                                          " parameters");
  for (size_t i = 0; i < parameters_.size(); ++i) {
    if (!mask_[i].sizes().equals(parameters_[i].sizes()))
      throw Error(ErrorKind::Execution, "saliency mask tensor " + std::to_string(i) + " does not match its parameter's shape");
    mask_[i] = mask_[i].to(parameters_[i].device(), parameters_[i].scalar_type());
    start_values_.push_back(parameters_[i].detach().clone());
  }
}

void MaskedUpdate::maskGradients() {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < parameters_.size(); ++i) {
    if (parameters_[i].grad().defined()) parameters_[i].mutable_grad().mul_(mask_[i]);
  }
}

void MaskedUpdate::restoreFrozen(torch::optim::SGD& optimizer) {
  torch::NoGradGuard no_grad;
  auto& state = optimizer.state();
  for (size_t i = 0; i < parameters_.size(); ++i) {
    torch::Tensor parameter = parameters_[i];
    const torch::Tensor frozen = mask_[i] == 0;
    // where() copies θ_o bit for bit; arithmetic (p·m + θ_o·(1−m)) could not promise that.
    parameter.copy_(torch::where(frozen, start_values_[i], parameter));
    // SGD keys its per-parameter state by the address of the tensor's implementation.
    auto found = state.find(c10::guts::to_string(parameter.unsafeGetTensorImpl()));
    if (found == state.end()) continue;
    auto& sgd_state = static_cast<torch::optim::SGDParamState&>(*found->second);
    if (sgd_state.momentum_buffer().defined()) sgd_state.momentum_buffer().masked_fill_(frozen, 0.0);
  }
}

}  // namespace lethe::exec
