#pragma once
// Unlearning a class-conditional generator (METHODS.md, "Generation"): the saliency mask of
// the forget class's guided noise-prediction loss, and the iterative methods salun, ga and ft.
// Retrain is exec::train of the generator's recipe without the forget rows
// (executors/generation_forget.cpp). Internal to executors/.
#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

#include "executors/api.hpp"
#include "executors/saliency.hpp"
#include "ml/dataset.hpp"
#include "ml/diffusion.hpp"

namespace lethe::exec {

// Everything a generator method sees. The model arrives holding θ_o on `device`; the method
// leaves θ_u in it.
struct GeneratorUnlearnInput {
  ml::NoisePredictor& model;
  const ml::NoiseSchedule& schedule;
  const ml::Split& train;           // the generator's training split (uint8 at the dataset's size)
  torch::Tensor forget_ids;         // D_f: training indices (int64, CPU)
  torch::Tensor retain_ids;         // D_r
  std::vector<int64_t> forget_classes;
  const OptionValues& options;      // the method's options, every one resolved (generatorMethodOptions)
  const SaliencyMask* mask;         // null when the run has no mask
  torch::Device device;
  const ExecutionContext& context;
};

// Eval mode, one pass over D_f in batches: loss = ‖ε − guided ε(x_t|c)‖² summed over pixels
// (mean over the batch) at uniformly drawn t, guidance w; each batch's gradient clipped to
// global norm 1 before it is added up; saliency = |sum|; one global top-k keeping `threshold`
// of all weights. The timesteps and noise come from `seed`, so the mask is reproducible.
SaliencyMask computeGeneratorSaliencyMask(ml::NoisePredictor& model, const ml::NoiseSchedule& schedule,
                                          const ml::Split& train, const torch::Tensor& forget_ids,
                                          double threshold, double guidance, int64_t batch_size, uint64_t seed,
                                          const torch::Device& device, const ExecutionContext& context);

// salun: Adam; per step forget_loss = MSE(ε(x_t|c_f), stop-grad ε(x_t|c_sub)) on a D_f batch,
// c_sub = (c_f + 1) mod classes, plus α × the diffusion loss of a D_r batch; grad-clip 1; the
// gradients masked and the masked-out weights restored exactly after each step. Needs a mask.
void unlearnGeneratorSalun(const GeneratorUnlearnInput& input);
// ga: Adam ascent on the diffusion loss of D_f batches (labels kept), grad-clip 1.
void unlearnGeneratorGa(const GeneratorUnlearnInput& input);
// ft: Adam descent on the diffusion loss of D_r batches (label dropout as in training), grad-clip 1.
void unlearnGeneratorFt(const GeneratorUnlearnInput& input);

// salun's forgetting objective on one batch of D_f (x0 in [-1, 1], labels its classes):
// MSE between ε(x_t|c) and the stop-gradient ε(x_t|(c + 1) mod classes). The tests watch it fall.
torch::Tensor substituteClassLoss(ml::NoisePredictor& model, const ml::NoiseSchedule& schedule,
                                  const torch::Tensor& x0, const torch::Tensor& labels, at::Generator& generator);

// Restricts Adam updates to the salient weights: maskGradients() after backward(),
// restoreFrozen() after step(). restoreFrozen copies θ_o back into every masked-out coordinate
// and zeroes Adam's moments there, so nothing (momentum, weight decay) can move those weights.
class MaskedAdamUpdate {
 public:
  MaskedAdamUpdate(const std::vector<torch::Tensor>& parameters, const SaliencyMask& mask);
  void maskGradients();
  void restoreFrozen(torch::optim::Adam& optimizer);

 private:
  std::vector<torch::Tensor> parameters_;
  std::vector<torch::Tensor> start_values_;
  std::vector<torch::Tensor> frozen_;  // bool, true where the mask is 0
  SaliencyMask mask_;
};

}  // namespace lethe::exec
