#pragma once
// The judge of the generator metrics (METHODS.md, "Generation"): a classifier of the
// generator's dataset that labels generated images and gives its penultimate-layer features
// for the Fréchet distance. Internal to executors/.
#include <torch/torch.h>

#include <memory>

#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

// What the judge makes of a batch of images.
struct Judgement {
  torch::Tensor features;   // float64 [n, d] on the CPU: the input of the judge's "head" layer
  torch::Tensor predicted;  // int64 [n] on the CPU: the judge's label of each image
};

class GenerationJudgeModel {
 public:
  // The judge's architecture and weights for images of `source`'s shape. Throws
  // Error(Execution) when the weights do not fit, or when the architecture has no final
  // linear layer named "head" to read features from (an imported TorchScript model).
  GenerationJudgeModel(const GenerationJudge& judge, const DatasetSource& source, const torch::Device& device);

  // images: float [n, C, H, W] in [0, 1] at the dataset's size (any device).
  Judgement judge(const torch::Tensor& images, int64_t batch_size = 512);
  // The dataset's stored images of `rows` of `split`.
  Judgement judgeRows(const ml::Split& split, const torch::Tensor& rows, int64_t batch_size = 512);

 private:
  std::shared_ptr<ml::Classifier> model_;
  torch::nn::Linear head_{nullptr};
  torch::Tensor head_weight_;  // the trained head, applied to the captured features
  torch::Tensor head_bias_;
  torch::Device device_;
};

// The Fréchet distance between Gaussians fitted to two feature sets [n, d] and [m, d]
// (n, m >= 2): |μ1 − μ2|² + Tr(C1 + C2 − 2 (C1^½ C2 C1^½)^½), in float64, each matrix square
// root by a symmetric eigendecomposition (negative round-off eigenvalues clamped to 0).
double frechetDistance(const torch::Tensor& first, const torch::Tensor& second);

// Generated images (float in [-1, 1] at the generator's resolution, any device) as the judge
// sees them: quantised to 8 bits as SAMPLE stores them, scaled to [0, 1] and resized
// (bilinear) to `height` x `width`.
torch::Tensor judgeInput(const torch::Tensor& generated, int64_t height, int64_t width);

}  // namespace lethe::exec
