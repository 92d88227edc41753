#pragma once
// Puts a module in eval mode and restores its train/eval mode on scope exit, so evaluation
// and sampling helpers leave a model as they found it. Internal to ml/.
#include <torch/torch.h>

namespace lethe::ml {

class EvalModeScope {
 public:
  explicit EvalModeScope(torch::nn::Module& model) : model_(model), was_training_(model.is_training()) { model.eval(); }
  ~EvalModeScope() { model_.train(was_training_); }
  EvalModeScope(const EvalModeScope&) = delete;
  EvalModeScope& operator=(const EvalModeScope&) = delete;

 private:
  torch::nn::Module& model_;
  bool was_training_;
};

}  // namespace lethe::ml
