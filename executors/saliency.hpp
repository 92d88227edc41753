#pragma once
// The SalUn weight-saliency mask (METHODS.md, "Saliency mask").
#include <torch/torch.h>

#include <vector>

#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

// One float mask tensor (0 or 1) per trainable parameter, in model->parameters() order.
using SaliencyMask = std::vector<torch::Tensor>;

// Eval mode, one pass over D_f with loss = -CE summed over its rows, |gradient|, one global
// top-k over all parameters with k = round(threshold × total). batch_size only bounds memory:
// the mask is the same for every batch size (up to float rounding).
SaliencyMask computeSaliencyMask(ml::Classifier& model, const ml::Split& train, const torch::Tensor& forget_ids,
                                 double threshold, int64_t batch_size, const torch::Device& device,
                                 const ExecutionContext& context);

// One global top-k over per-parameter saliencies (|gradient| or any score, one tensor per
// parameter): keeps round(threshold × total) ones, ties broken by position. Generators'
// masks (executors/generation_saliency.cpp) use it too.
SaliencyMask topKSaliencyMask(const std::vector<torch::Tensor>& magnitudes, double threshold);

Bytes serializeMask(const SaliencyMask& mask);
// Throws Error(Execution) when the stored mask does not fit the model's parameters.
SaliencyMask deserializeMask(const Bytes& bytes, ml::Classifier& model, const torch::Device& device);
// The same for any network's parameter list (a generator's).
SaliencyMask deserializeMask(const Bytes& bytes, const std::vector<torch::Tensor>& parameters,
                             const torch::Device& device);

// Restricts SGD updates to the salient weights: call maskGradients() after backward() and
// restoreFrozen() after optimizer.step(). restoreFrozen resets masked-out coordinates to θ_o and
// zeroes their momentum, so weight decay and momentum cannot move "frozen" weights.
class MaskedUpdate {
 public:
  MaskedUpdate(ml::Classifier& model, SaliencyMask mask);
  void maskGradients();
  void restoreFrozen(torch::optim::SGD& optimizer);

 private:
  std::vector<torch::Tensor> parameters_;
  std::vector<torch::Tensor> start_values_;
  SaliencyMask mask_;
};

}  // namespace lethe::exec
