#pragma once
// The architecture registry's implementations share one base so every operator can call
// forward() without knowing the architecture.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace lethe::ml {

class Classifier : public torch::nn::Module {
 public:
  // x: float [N, C, H, W] in [0, 1]; returns logits [N, classes].
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

struct InputShape {
  int64_t channels = 1;
  int64_t height = 28;
  int64_t width = 28;
  int64_t classes = 10;
};

// "mlp", "cnn", "resnet20". Initialisation draws from torch's global generator, so seed
// it (torch::manual_seed) first for reproducible weights.
std::shared_ptr<Classifier> makeClassifier(const std::string& arch, const InputShape& shape);

// Parameters and buffers as bytes (torch::save format) and back. loadWeights throws
// lethe::Error(ErrorKind::Execution) when the bytes do not fit the architecture.
std::vector<uint8_t> saveWeights(Classifier& model);
void loadWeights(Classifier& model, const std::vector<uint8_t>& bytes);

int64_t countParameters(const Classifier& model);

}  // namespace lethe::ml
