#pragma once
// Pieces the iterative unlearning methods share (METHODS.md, "Common setup"): SGD with the
// method's constant learning rate, momentum and weight decay; the saliency mask wired into
// the step hooks; reproducible per-epoch shuffles; random-label losses.
#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/options.hpp"
#include "executors/methods.hpp"
#include "executors/saliency.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

// Seconds since construction (mask, calibration, unlearning and evaluation are timed apart).
class Stopwatch {
 public:
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Whether every parameter is finite (a method that diverged leaves NaN or infinity).
bool finiteWeights(ml::Classifier& model);

// lr, momentum, weight_decay from the method's options (METHODS.md defaults when absent).
torch::optim::SGDOptions unlearnSgdOptions(const OptionValues& options);

// The method's batch_size option (256 when absent).
int64_t unlearnBatchSize(const OptionValues& options);

// Hooks that keep updates inside the mask; empty hooks when `update` is null.
ml::StepHooks maskedStepHooks(MaskedUpdate* update, torch::optim::SGD& optimizer);

// A method's SGD optimizer, restricted to the salient weights when the run has a mask
// (SalUn's THRESHOLD, or `WITH (saliency = s)` on another gradient method). θ_o for the
// frozen coordinates is captured on construction, so build it before the first step.
class MethodOptimizer {
 public:
  explicit MethodOptimizer(const UnlearnInput& input);
  MethodOptimizer(const MethodOptimizer&) = delete;
  MethodOptimizer& operator=(const MethodOptimizer&) = delete;

  torch::optim::SGD& sgd() { return sgd_; }
  const ml::StepHooks& hooks() const { return hooks_; }

 private:
  torch::optim::SGD sgd_;
  std::optional<MaskedUpdate> masked_;
  ml::StepHooks hooks_;  // refers to sgd_ and masked_, hence no copies
};

// A fresh network of the run's architecture and input shape with `classes` outputs, on the
// run's device (initialised from torch's global generator).
std::shared_ptr<ml::Classifier> makeNetwork(const UnlearnInput& input, int64_t classes);

// A fresh copy of θ_o of `request` on `device`, in eval mode (parameters trainable).
std::shared_ptr<ml::Classifier> loadOriginal(const ForgetRequest& request, const torch::Device& device);

// A frozen copy of θ_o in eval mode on the run's device (its parameters need no gradients).
std::shared_ptr<ml::Classifier> frozenOriginal(const UnlearnInput& input);

// A distinct, reproducible shuffle seed for each (epoch, pass) of a run.
uint64_t passSeed(uint64_t seed, int64_t epoch, int pass);

// Cross-entropy against labels drawn uniformly from [0, classes) afresh for every batch,
// from a generator seeded once, so a run's label sequence is reproducible.
ml::BatchLoss randomLabelLoss(uint64_t seed);

// The same, for the rows of `relabelled_ids` only (of a split with `rows` rows): every other
// row of a batch keeps its true label.
ml::BatchLoss randomLabelLossOn(const torch::Tensor& relabelled_ids, int64_t rows, uint64_t seed);

// Random labelling (RL): each epoch one pass over D_f with random labels, then one pass over
// D_r with the true labels, under one SGD optimizer (`passes = mixed`: one shuffled pass over
// both, D_f relabelled at random). Applies input.mask when present.
// `after_step`, when given, runs after every optimizer step (after the mask's restoration).
void randomLabelling(const UnlearnInput& input, const std::string& op_name,
                     const std::function<void()>& after_step = {});

}  // namespace lethe::exec
