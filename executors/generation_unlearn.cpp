// The generator methods salun, ga and ft (METHODS.md, "Generation"): Adam steps on random
// batches of the forget and/or retain rows, each step's gradient clipped to norm 1 and, when
// the run has a saliency mask, restricted to the salient weights.
#include "executors/generation_unlearn.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstdio>
#include <functional>

#include "common/error.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

namespace {

// Batches drawn in turn from a fresh permutation of the rows on every pass, so a run of any
// length sees every row about equally often and is reproducible from its seed.
class BatchStream {
 public:
  BatchStream(torch::Tensor ids, int64_t batch_size, uint64_t seed)
      : ids_(std::move(ids)), batch_size_(std::min(batch_size, ids_.numel())),
        generator_(at::make_generator<at::CPUGeneratorImpl>(seed)) {}

  torch::Tensor next() {
    if (!order_.defined() || position_ + batch_size_ > order_.numel()) {
      order_ = ids_.index_select(0, torch::randperm(ids_.numel(), generator_, torch::TensorOptions(torch::kLong)));
      position_ = 0;
    }
    const torch::Tensor batch = order_.slice(0, position_, position_ + batch_size_);
    position_ += batch_size_;
    return batch;
  }

 private:
  torch::Tensor ids_;
  int64_t batch_size_;
  at::Generator generator_;
  torch::Tensor order_;
  int64_t position_ = 0;
};

struct Batch {
  torch::Tensor x0;      // float [N, C, R, R] in [-1, 1] on the device
  torch::Tensor labels;  // int64 [N] on the device
};

Batch loadBatch(const GeneratorUnlearnInput& input, const torch::Tensor& rows) {
  return {ml::prepareImages(input.train.images.index_select(0, rows), input.model.config().resolution, input.device),
          input.train.labels.index_select(0, rows).to(input.device)};
}

void requireRows(const torch::Tensor& rows, const std::string& method, const char* which) {
  if (rows.numel() == 0)
    throw Error(ErrorKind::Execution, "generator method '" + method + "' needs a non-empty " + which + " set");
}

// The loss of step `step` (0-based); the generator it may draw timesteps and noise from.
using StepLoss = std::function<torch::Tensor(int64_t step, at::Generator& generator)>;

// The shared Adam loop: zero, loss, backward, mask, clip to norm 1, step, restore the frozen
// weights; progress and cancellation after every step.
void runAdamSteps(const GeneratorUnlearnInput& input, const std::string& method, double lr, const StepLoss& step_loss) {
  const int64_t steps = input.options.integer("steps");
  if (steps < 1) throw Error(ErrorKind::Execution, "generator method '" + method + "' needs steps >= 1");
  const uint64_t seed = static_cast<uint64_t>(input.options.integer("seed"));
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed ^ 0x5eedULL);

  input.model.train();
  const std::vector<torch::Tensor> parameters = input.model.parameters();
  torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(lr));
  std::optional<MaskedAdamUpdate> masked;
  if (input.mask) masked.emplace(parameters, *input.mask);

  double smoothed = 0.0;
  for (int64_t step = 0; step < steps; ++step) {
    ml::checkCancelled(input.context);
    optimizer.zero_grad();
    const torch::Tensor loss = step_loss(step, generator);
    loss.backward();
    if (masked) masked->maskGradients();
    torch::nn::utils::clip_grad_norm_(parameters, 1.0);
    optimizer.step();
    if (masked) masked->restoreFrozen(optimizer);

    const double value = loss.item<double>();
    smoothed = step == 0 ? value : 0.95 * smoothed + 0.05 * value;
    if (input.context.progress) {
      char detail[64];
      std::snprintf(detail, sizeof detail, "step %lld/%lld loss %.4f", static_cast<long long>(step + 1),
                    static_cast<long long>(steps), smoothed);
      input.context.progress({method, step + 1, steps, detail});
    }
  }
  input.model.eval();
}

uint64_t streamSeed(const GeneratorUnlearnInput& input, uint64_t stream) {
  return static_cast<uint64_t>(input.options.integer("seed")) * 0x9E3779B97F4A7C15ULL + stream;
}

}  // namespace

torch::Tensor substituteClassLoss(ml::NoisePredictor& model, const ml::NoiseSchedule& schedule,
                                  const torch::Tensor& x0, const torch::Tensor& labels, at::Generator& generator) {
  const ml::NoisedBatch noised = ml::noiseBatch(schedule, x0, generator);
  const torch::Tensor substitute = (labels + 1).remainder(model.config().classes);
  torch::Tensor target;
  {
    torch::NoGradGuard no_grad;  // the substitute class's prediction is the fixed target
    target = model.forward(noised.x_t, noised.t, substitute);
  }
  return torch::mse_loss(model.forward(noised.x_t, noised.t, labels), target);
}

void unlearnGeneratorSalun(const GeneratorUnlearnInput& input) {
  if (!input.mask)
    throw Error(ErrorKind::Execution, "method 'salun' needs a saliency mask (THRESHOLD between 0 and 1)");
  requireRows(input.forget_ids, "salun", "forget");
  const double alpha = input.options.real("alpha");
  if (alpha > 0.0) requireRows(input.retain_ids, "salun", "retain");
  const int64_t batch_size = input.options.integer("batch_size");
  BatchStream forget(input.forget_ids, batch_size, streamSeed(input, 1));
  BatchStream retain(input.retain_ids, batch_size, streamSeed(input, 2));
  runAdamSteps(input, "salun", input.options.real("lr"),
               [&](int64_t, at::Generator& generator) {
                 const Batch f = loadBatch(input, forget.next());
                 torch::Tensor loss = substituteClassLoss(input.model, input.schedule, f.x0, f.labels, generator);
                 if (alpha > 0.0) {
                   // No label dropout: the retain term keeps the conditional predictions of D_r.
                   const Batch r = loadBatch(input, retain.next());
                   loss = loss + alpha * ml::diffusionLoss(input.model, input.schedule, r.x0, r.labels, generator, 0.0);
                 }
                 return loss;
               });
}

void unlearnGeneratorGa(const GeneratorUnlearnInput& input) {
  requireRows(input.forget_ids, "ga", "forget");
  BatchStream forget(input.forget_ids, input.options.integer("batch_size"), streamSeed(input, 1));
  runAdamSteps(input, "ga", input.options.real("lr"), [&](int64_t, at::Generator& generator) {
    const Batch f = loadBatch(input, forget.next());
    return -ml::diffusionLoss(input.model, input.schedule, f.x0, f.labels, generator, 0.0);
  });
}

void unlearnGeneratorFt(const GeneratorUnlearnInput& input) {
  requireRows(input.retain_ids, "ft", "retain");
  BatchStream retain(input.retain_ids, input.options.integer("batch_size"), streamSeed(input, 2));
  runAdamSteps(input, "ft", input.options.real("lr"), [&](int64_t, at::Generator& generator) {
    // Label dropout as in training, so the null class that guidance needs keeps being learned.
    const Batch r = loadBatch(input, retain.next());
    return ml::diffusionLoss(input.model, input.schedule, r.x0, r.labels, generator, ml::kLabelDropout);
  });
}

MaskedAdamUpdate::MaskedAdamUpdate(const std::vector<torch::Tensor>& parameters, const SaliencyMask& mask)
    : parameters_(parameters) {
  if (mask.size() != parameters_.size())
    throw Error(ErrorKind::Execution, "saliency mask has " + std::to_string(mask.size()) +
                                          " tensors but the generator has " + std::to_string(parameters_.size()) +
                                          " parameters");
  for (size_t i = 0; i < parameters_.size(); ++i) {
    if (!mask[i].sizes().equals(parameters_[i].sizes()))
      throw Error(ErrorKind::Execution,
                  "saliency mask tensor " + std::to_string(i) + " does not match its parameter's shape");
    mask_.push_back(mask[i].to(parameters_[i].device(), parameters_[i].scalar_type()));
    frozen_.push_back(mask_.back() == 0);
    start_values_.push_back(parameters_[i].detach().clone());
  }
}

void MaskedAdamUpdate::maskGradients() {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < parameters_.size(); ++i)
    if (parameters_[i].grad().defined()) parameters_[i].mutable_grad().mul_(mask_[i]);
}

void MaskedAdamUpdate::restoreFrozen(torch::optim::Adam& optimizer) {
  torch::NoGradGuard no_grad;
  auto& state = optimizer.state();
  for (size_t i = 0; i < parameters_.size(); ++i) {
    torch::Tensor parameter = parameters_[i];
    // where() copies θ_o bit for bit; arithmetic (p·m + θ_o·(1−m)) could not promise that.
    parameter.copy_(torch::where(frozen_[i], start_values_[i], parameter));
    // Adam keys its per-parameter state by the address of the tensor's implementation.
    auto found = state.find(c10::guts::to_string(parameter.unsafeGetTensorImpl()));
    if (found == state.end()) continue;
    auto& adam = static_cast<torch::optim::AdamParamState&>(*found->second);
    if (adam.exp_avg().defined()) adam.exp_avg().masked_fill_(frozen_[i], 0.0);
    if (adam.exp_avg_sq().defined()) adam.exp_avg_sq().masked_fill_(frozen_[i], 0.0);
  }
}

}  // namespace lethe::exec
