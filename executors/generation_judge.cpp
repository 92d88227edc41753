// The judge of the generator metrics: labels and penultimate features of generated and real
// images, and the Fréchet distance between feature sets.
#include "executors/generation_judge.hpp"

#include <string>

#include "common/error.hpp"

namespace lethe::exec {

namespace {

// LibTorch's C++ modules have no forward hooks. Every native architecture ends its forward
// pass with its "head" layer (ml/archs.hpp), so the head's input — the penultimate features —
// comes out of forward() when the head is made the identity; the logits are then the trained
// head applied to those features, exactly what forward() would have returned.
torch::nn::Linear findHead(ml::Classifier& model, const std::string& arch) {
  for (const auto& child : model.named_children()) {
    if (child.key() != "head") continue;
    if (auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(child.value()))
      return torch::nn::Linear(linear);
  }
  throw Error(ErrorKind::Execution, "judge architecture '" + arch +
                                        "' has no final linear layer 'head' to read features from; "
                                        "use a native classifier (mlp, cnn, resnet20, ...) as the judge");
}

}  // namespace

GenerationJudgeModel::GenerationJudgeModel(const GenerationJudge& judge, const DatasetSource& source,
                                           const torch::Device& device)
    : device_(device) {
  if (isGeneratorArch(judge.arch))
    throw Error(ErrorKind::Execution, "the judge must be a classifier, not a generator ('" + judge.arch + "')");
  model_ = ml::makeClassifier(judge.arch, {source.channels, source.height, source.width, source.num_classes});
  try {
    ml::loadWeights(*model_, judge.weights);
  } catch (const Error& error) {
    // Name the judge: the generator's own weights load in the same statement.
    throw Error(ErrorKind::Execution, "the judge (" + judge.arch + ") does not fit the generator's dataset of " +
                                          std::to_string(source.height) + "x" + std::to_string(source.width) +
                                          " images and " + std::to_string(source.num_classes) +
                                          " classes: " + error.what());
  }
  model_->to(device);
  model_->eval();
  head_ = findHead(*model_, judge.arch);

  torch::NoGradGuard no_grad;
  head_weight_ = head_->weight.detach().clone();
  head_bias_ = head_->bias.defined() ? head_->bias.detach().clone() : torch::Tensor();
  const int64_t features = head_weight_.size(1);
  head_->weight = torch::eye(features, head_weight_.options());
  if (head_->bias.defined()) head_->bias = torch::zeros({features}, head_weight_.options());
}

Judgement GenerationJudgeModel::judge(const torch::Tensor& images, int64_t batch_size) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> features, predicted;
  for (int64_t start = 0; start < images.size(0); start += batch_size) {
    const torch::Tensor batch = images.slice(0, start, start + batch_size).to(device_, torch::kFloat32);
    const torch::Tensor captured = model_->forward(batch);
    const torch::Tensor logits = torch::nn::functional::linear(captured, head_weight_, head_bias_);
    features.push_back(captured.to(torch::kCPU, torch::kFloat64));
    predicted.push_back(logits.argmax(1).to(torch::kCPU));
  }
  if (features.empty()) return {torch::zeros({0, head_weight_.size(1)}, torch::kFloat64), torch::zeros({0}, torch::kLong)};
  return {torch::cat(features), torch::cat(predicted)};
}

Judgement GenerationJudgeModel::judgeRows(const ml::Split& split, const torch::Tensor& rows, int64_t batch_size) {
  std::vector<torch::Tensor> features, predicted;
  for (int64_t start = 0; start < rows.numel(); start += batch_size) {
    const torch::Tensor batch = rows.slice(0, start, start + batch_size);
    Judgement part = judge(ml::toInput(split.images.index_select(0, batch), device_), batch_size);
    features.push_back(part.features);
    predicted.push_back(part.predicted);
  }
  if (features.empty()) return {torch::zeros({0, head_weight_.size(1)}, torch::kFloat64), torch::zeros({0}, torch::kLong)};
  return {torch::cat(features), torch::cat(predicted)};
}

namespace {

// The symmetric square root of a symmetric positive semi-definite matrix.
torch::Tensor symmetricSqrt(const torch::Tensor& matrix) {
  const auto [values, vectors] = torch::linalg_eigh(matrix);
  return vectors.matmul(torch::diag(values.clamp_min(0.0).sqrt())).matmul(vectors.transpose(0, 1));
}

torch::Tensor covariance(const torch::Tensor& centred) {
  return centred.transpose(0, 1).matmul(centred) / static_cast<double>(centred.size(0) - 1);
}

}  // namespace

double frechetDistance(const torch::Tensor& first, const torch::Tensor& second) {
  if (first.dim() != 2 || second.dim() != 2 || first.size(1) != second.size(1))
    throw Error(ErrorKind::Execution, "the Fréchet distance needs two feature sets of the same width");
  if (first.size(0) < 2 || second.size(0) < 2)
    throw Error(ErrorKind::Execution, "the Fréchet distance needs at least 2 images on each side");
  const torch::Tensor a = first.to(torch::kCPU, torch::kFloat64);
  const torch::Tensor b = second.to(torch::kCPU, torch::kFloat64);
  const torch::Tensor mean_a = a.mean(0), mean_b = b.mean(0);
  const torch::Tensor cov_a = covariance(a - mean_a), cov_b = covariance(b - mean_b);
  // (C1^½ C2 C1^½) is symmetric PSD, unlike C1 C2, so its square root is an eigendecomposition
  // away; its trace equals that of (C1 C2)^½.
  const torch::Tensor root_a = symmetricSqrt(cov_a);
  torch::Tensor product = root_a.matmul(cov_b).matmul(root_a);
  product = (product + product.transpose(0, 1)) / 2.0;  // symmetric up to round-off
  const double mean_term = (mean_a - mean_b).pow(2).sum().item<double>();
  const double trace_term =
      (cov_a.trace() + cov_b.trace() - 2.0 * symmetricSqrt(product).trace()).item<double>();
  return std::max(0.0, mean_term + trace_term);
}

torch::Tensor judgeInput(const torch::Tensor& generated, int64_t height, int64_t width) {
  torch::Tensor pixels = ((generated.to(torch::kFloat32) + 1.0) * 127.5).round().clamp(0, 255) / 255.0;
  if (pixels.size(2) == height && pixels.size(3) == width) return pixels;
  return torch::nn::functional::interpolate(
      pixels, torch::nn::functional::InterpolateFuncOptions()
                  .size(std::vector<int64_t>{height, width})
                  .mode(torch::kBilinear)
                  .align_corners(false));
}

}  // namespace lethe::exec
