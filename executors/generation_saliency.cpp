// The generator's saliency mask (METHODS.md, "Generation"): which weights the forget class's
// guided noise prediction depends on most.
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "common/error.hpp"
#include "executors/generation_unlearn.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

SaliencyMask computeGeneratorSaliencyMask(ml::NoisePredictor& model, const ml::NoiseSchedule& schedule,
                                          const ml::Split& train, const torch::Tensor& forget_ids,
                                          double threshold, double guidance, int64_t batch_size, uint64_t seed,
                                          const torch::Device& device, const ExecutionContext& context) {
  if (!(threshold >= 0.0 && threshold <= 1.0))
    throw Error(ErrorKind::Execution, "saliency threshold " + std::to_string(threshold) + " is outside [0, 1]");
  if (forget_ids.numel() == 0) throw Error(ErrorKind::Execution, "the saliency mask needs a non-empty forget set");
  if (batch_size < 1) throw Error(ErrorKind::Execution, "the saliency mask needs batch_size >= 1");

  model.eval();
  const std::vector<torch::Tensor> parameters = model.parameters();
  std::vector<torch::Tensor> sums;
  for (const auto& parameter : parameters) sums.push_back(torch::zeros_like(parameter));
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);

  const std::vector<torch::Tensor> batches = ml::makeBatches(forget_ids, batch_size, /*shuffle=*/false, 0);
  int64_t done = 0;
  for (const auto& rows : batches) {
    ml::checkCancelled(context);
    const torch::Tensor x0 = ml::prepareImages(train.images.index_select(0, rows), model.config().resolution, device);
    const torch::Tensor labels = train.labels.index_select(0, rows).to(device);
    const ml::NoisedBatch noised = ml::noiseBatch(schedule, x0, generator);
    const torch::Tensor predicted = ml::guidedEpsilon(model, noised.x_t, noised.t, labels, guidance);
    const torch::Tensor loss = (noised.noise - predicted).pow(2).sum({1, 2, 3}).mean();
    const std::vector<torch::Tensor> gradients =
        torch::autograd::grad({loss}, parameters, /*grad_outputs=*/{}, /*retain_graph=*/false,
                              /*create_graph=*/false, /*allow_unused=*/true);

    // Clipping each batch to norm 1 before summing lets no single batch (e.g. one whose t drew
    // near-clean images with huge relative errors) decide the mask alone.
    double squared = 0.0;
    for (const auto& gradient : gradients)
      if (gradient.defined()) squared += gradient.pow(2).sum().item<double>();
    const double scale = std::min(1.0, 1.0 / (std::sqrt(squared) + 1e-6));
    for (size_t i = 0; i < gradients.size(); ++i)
      if (gradients[i].defined()) sums[i].add_(gradients[i].detach(), scale);
    if (context.progress)
      context.progress({"saliency", ++done, static_cast<int64_t>(batches.size()), "gradient pass over the forget class"});
  }

  std::vector<torch::Tensor> magnitudes;
  for (const auto& sum : sums) magnitudes.push_back(sum.abs());
  return topKSaliencyMask(magnitudes, threshold);
}

}  // namespace lethe::exec
