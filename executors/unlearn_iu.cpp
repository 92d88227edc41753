// IU (influence unlearning, Izzo et al. / Warnecke et al., with the WoodFisher inverse-Hessian
// approximation as in the SalUn paper's code): one Newton-like step that removes D_f's
// influence, θ += α · H⁻¹ (g_f − g_r), with no training loop.
//   g_f = Σ per-sample ∇CE over D_f / (n_f + n_r)
//   g_r = Σ per-sample ∇CE over D_r · n_f / ((n_f + n_r) · n_r)
// H⁻¹v comes from the WoodFisher rank-one recursion over single retain samples.
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

namespace {

torch::Tensor flatGradient(const torch::Tensor& loss, const std::vector<torch::Tensor>& parameters) {
  std::vector<torch::Tensor> parts;
  for (const torch::Tensor& g : torch::autograd::grad({loss}, parameters)) parts.push_back(g.reshape(-1));
  return torch::cat(parts);
}

// Σ over `rows` of the per-sample cross-entropy gradients (a summed loss per batch).
torch::Tensor summedGradient(const UnlearnInput& input, const torch::Tensor& rows,
                             const std::vector<torch::Tensor>& parameters) {
  torch::Tensor sum;
  for (const torch::Tensor& batch : ml::makeBatches(rows, unlearnBatchSize(input.options()), false, 0)) {
    ml::checkCancelled(input.context);
    const torch::Tensor x = ml::toInput(input.data.train.images.index_select(0, batch), input.device);
    const torch::Tensor y = input.data.train.labels.index_select(0, batch).to(input.device);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(
        input.model.forward(x), y, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    const torch::Tensor g = flatGradient(loss, parameters);
    sum = sum.defined() ? sum + g : g;
  }
  return sum;
}

// k ≈ H⁻¹v from the empirical Fisher of the first `samples` retain rows, one at a time
// (Sherman-Morrison updates with damping N, as in the WoodFisher reference code).
torch::Tensor woodFisher(const UnlearnInput& input, torch::Tensor v, int64_t samples,
                         const std::vector<torch::Tensor>& parameters) {
  const double n = static_cast<double>(samples);
  torch::Tensor k = v.clone();
  torch::Tensor o;
  const int64_t count = std::min<int64_t>(samples, input.retain_ids.numel());
  for (int64_t i = 0; i < count; ++i) {
    if (i % 100 == 0) {
      ml::checkCancelled(input.context);
      if (input.context.progress) input.context.progress({"iu", i, count, "WoodFisher"});
    }
    const torch::Tensor row = input.retain_ids.slice(0, i, i + 1);
    const torch::Tensor x = ml::toInput(input.data.train.images.index_select(0, row), input.device);
    const torch::Tensor y = input.data.train.labels.index_select(0, row).to(input.device);
    const torch::Tensor g = flatGradient(torch::nn::functional::cross_entropy(input.model.forward(x), y), parameters);
    torch::NoGradGuard no_grad;
    if (!o.defined()) {
      o = g.clone();
      continue;
    }
    const torch::Tensor tmp = o.dot(g);
    k -= (k.dot(g) / (n + tmp)) * o;
    o -= (tmp / (n + tmp)) * o;
  }
  return k;
}

}  // namespace

void unlearnIu(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  input.model.eval();
  std::vector<torch::Tensor> parameters;
  for (const auto& p : input.model.parameters())
    if (p.requires_grad()) parameters.push_back(p);

  if (input.context.progress) input.context.progress({"iu", 0, 0, "forget and retain gradients"});
  const double n_f = static_cast<double>(input.forget_ids.numel());
  const double n_r = static_cast<double>(input.retain_ids.numel());
  const torch::Tensor g_f = summedGradient(input, input.forget_ids, parameters) / (n_f + n_r);
  const torch::Tensor g_r = summedGradient(input, input.retain_ids, parameters) * (n_f / ((n_f + n_r) * n_r));
  torch::Tensor step = options.real("alpha") *
                       woodFisher(input, g_f - g_r, options.integer("fisher_samples"), parameters);

  torch::NoGradGuard no_grad;
  int64_t offset = 0;
  for (size_t i = 0; i < parameters.size(); ++i) {
    torch::Tensor& p = parameters[i];
    torch::Tensor update = step.slice(0, offset, offset + p.numel()).view_as(p);
    if (input.mask) update = update * input.mask->at(i);  // `WITH (saliency = s)`: salient weights only
    p.add_(update);
    offset += p.numel();
  }
}

}  // namespace lethe::exec
