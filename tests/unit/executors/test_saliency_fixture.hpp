#pragma once
// A tiny classifier and synthetic data for the saliency tests: small enough that a
// brute-force check over every weight is instant, real enough to run the ml/ batching code.
#include <torch/torch.h>

#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec::testing {

// 2x2 single-channel images -> 3 classes.
class TinyNet : public ml::Classifier {
 public:
  explicit TinyNet(int64_t hidden = 5) {
    hidden_ = register_module("hidden", torch::nn::Linear(4, hidden));
    output_ = register_module("output", torch::nn::Linear(hidden, 3));
  }
  torch::Tensor forward(const torch::Tensor& x) override {
    return output_->forward(torch::relu(hidden_->forward(x.flatten(1))));
  }

 private:
  torch::nn::Linear hidden_{nullptr};
  torch::nn::Linear output_{nullptr};
};

inline std::shared_ptr<TinyNet> makeTinyNet(uint64_t seed, int64_t hidden = 5) {
  torch::manual_seed(seed);
  return std::make_shared<TinyNet>(hidden);
}

// `n` random images whose label depends on their brightest pixel (learnable, not trivial).
inline ml::Split makeTinySplit(int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  ml::Split split;
  split.images = torch::randint(0, 256, {n, 1, 2, 2}, torch::kUInt8);
  split.labels = split.images.flatten(1).argmax(1).clamp_max(2).to(torch::kLong);
  return split;
}

inline int64_t parameterTotal(ml::Classifier& model) {
  int64_t total = 0;
  for (const auto& parameter : model.parameters()) total += parameter.numel();
  return total;
}

inline int64_t onesIn(const std::vector<torch::Tensor>& mask) {
  int64_t ones = 0;
  for (const auto& tensor : mask) ones += tensor.sum().item<int64_t>();
  return ones;
}

}  // namespace lethe::exec::testing
