#pragma once
// The building blocks every iterative operator shares: shuffled index batches, one SGD
// epoch with an optional per-step hook, and accuracy / predictions over index sets.
#include <torch/torch.h>

#include <functional>
#include <optional>

#include "common/execution_context.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::ml {

// Index batches over `indices` (int64, CPU), reshuffled per call when `shuffle` is set,
// using `generator_seed` so runs are reproducible.
std::vector<torch::Tensor> makeBatches(const torch::Tensor& indices, int64_t batch_size, bool shuffle,
                                       uint64_t generator_seed);

// Hooks around every optimizer step; any may be empty. SalUn masks gradients after
// backward() and restores frozen weights after step().
struct StepHooks {
  std::function<void()> after_backward;
  std::function<void()> after_step;
  // Maps each input batch (float, on the device) before the forward pass: augmentation.
  std::function<torch::Tensor(const torch::Tensor&)> transform_input;
};

// The loss of one batch. `labels` are the split's labels of the batch (on the device) and
// `batch_indices` the batch's row indices (CPU). Empty = cross-entropy against `labels`.
using BatchLoss = std::function<torch::Tensor(const torch::Tensor& logits, const torch::Tensor& labels,
                                              const torch::Tensor& batch_indices)>;

struct EpochStats {
  double loss = 0.0;     // mean over batches
  int64_t images = 0;
  double seconds = 0.0;
};

// One pass of SGD over `indices` of `split` in shuffled batches (model in train mode).
// Reports progress through the context under `op_name` and honours its cancel flag.
EpochStats trainEpoch(Classifier& model, torch::optim::Optimizer& optimizer, const Split& split,
                      const torch::Tensor& indices, int64_t batch_size, uint64_t shuffle_seed,
                      const torch::Device& device, const ExecutionContext& context,
                      const std::string& op_name, const StepHooks& hooks = {}, const BatchLoss& loss = {});

// Accuracy in percent of the model (eval mode, no grad) on `indices` of `split`.
double accuracy(Classifier& model, const Split& split, const torch::Tensor& indices,
                const torch::Device& device, int64_t batch_size = 1024);

// Softmax probabilities [n, classes] on CPU for `indices` of `split` (eval mode, no grad).
torch::Tensor probabilities(Classifier& model, const Split& split, const torch::Tensor& indices,
                            const torch::Device& device, int64_t batch_size = 1024);

// Throws Error(Interrupted) when the context's cancel flag is set.
void checkCancelled(const ExecutionContext& context);

}  // namespace lethe::ml
