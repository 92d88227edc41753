#include "ml/dense.hpp"

namespace lethe::ml {
namespace {

bool oneDnnConvolutions() {
  static const bool available = torch::hasMKLDNN();
  return available && at::globalContext().userEnabledMkldnn();
}

}  // namespace

torch::Tensor denseForward(torch::nn::Linear& layer, const torch::Tensor& x) {
  // LibTorch sends single-sample 1x1 convolutions back to its own BLAS path, so there is
  // nothing to gain below two rows.
  if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat32 || x.dim() != 2 || x.size(0) < 2 ||
      !oneDnnConvolutions())
    return layer->forward(x);
  const torch::Tensor& weight = layer->weight;
  const torch::Tensor kernel = weight.view({weight.size(0), weight.size(1), 1, 1});
  return torch::conv2d(x.reshape({x.size(0), x.size(1), 1, 1}), kernel, layer->bias).flatten(1);
}

}  // namespace lethe::ml
