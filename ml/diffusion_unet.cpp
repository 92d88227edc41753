// The ε-prediction network: a two-level conditional UNet small enough to train on a CPU.
//
//   input conv (width) ─ block0 (width) ──────────────────────────── skip ─┐
//     └ down ─ block1 (2·width) ──────────────────────────── skip ─┐         │
//         └ down ─ middle (2·width) ─ up ─ concat ─ up1 (2·width) ─ up ─ concat ─ up0 (width) ─ output conv
//
// Every residual block adds a projection of the conditioning embedding (sinusoidal time ->
// MLP, plus a class embedding with one extra learned row for the null class) between its two
// convolutions, the DDPM/ADM layout. Up-sampling targets the skip's size, so resolutions that
// do not divide by 4 (14: 14 -> 7 -> 4 -> 7 -> 14) work as well.
#include <cmath>

#include "common/error.hpp"
#include "ml/diffusion.hpp"

namespace lethe::ml {
namespace {

namespace F = torch::nn::functional;

// GroupNorm with up to 8 groups: the largest of 8, 4, 2, 1 that divides the channels.
torch::nn::GroupNorm groupNorm(int64_t channels) {
  int64_t groups = 8;
  while (channels % groups != 0) groups /= 2;
  return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels));
}

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

// Sinusoidal features of the timestep (Transformer / DDPM style): [N] -> [N, dim].
torch::Tensor timestepFeatures(const torch::Tensor& t, int64_t dim) {
  const int64_t half = dim / 2;
  const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(t.device());
  const torch::Tensor frequencies = torch::exp(torch::arange(half, options) * (-std::log(10000.0) / double(half)));
  const torch::Tensor angles = t.to(torch::kFloat32).unsqueeze(1) * frequencies.unsqueeze(0);
  return torch::cat({torch::sin(angles), torch::cos(angles)}, 1);
}

class ResidualBlock : public torch::nn::Module {
 public:
  ResidualBlock(int64_t in, int64_t out, int64_t embedding)
      : norm1_(register_module("norm1", groupNorm(in))),
        conv1_(register_module("conv1", conv3x3(in, out))),
        condition_(register_module("condition", torch::nn::Linear(embedding, out))),
        norm2_(register_module("norm2", groupNorm(out))),
        conv2_(register_module("conv2", conv3x3(out, out))) {
    if (in != out) skip_ = register_module("skip", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
  }

  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& embedding) {
    torch::Tensor h = conv1_->forward(torch::silu(norm1_->forward(x)));
    h = h + condition_->forward(torch::silu(embedding)).unsqueeze(-1).unsqueeze(-1);
    h = conv2_->forward(torch::silu(norm2_->forward(h)));
    return h + (skip_ ? skip_->forward(x) : x);
  }

 private:
  torch::nn::GroupNorm norm1_;
  torch::nn::Conv2d conv1_;
  torch::nn::Linear condition_;
  torch::nn::GroupNorm norm2_;
  torch::nn::Conv2d conv2_;
  torch::nn::Conv2d skip_{nullptr};
};

class ConditionalUnet : public NoisePredictor {
 public:
  explicit ConditionalUnet(const GeneratorConfig& config)
      : config_(config),
        time_mlp1_(register_module("time_mlp1", torch::nn::Linear(config.width, embeddingSize()))),
        time_mlp2_(register_module("time_mlp2", torch::nn::Linear(embeddingSize(), embeddingSize()))),
        class_embedding_(register_module("class_embedding",
                                         torch::nn::Embedding(config.classes + 1, embeddingSize()))),
        input_(register_module("input", conv3x3(config.image_channels, config.width))),
        block0_(register_module("block0", std::make_shared<ResidualBlock>(width(1), width(1), embeddingSize()))),
        down0_(register_module("down0", conv3x3(width(1), width(1), 2))),
        block1_(register_module("block1", std::make_shared<ResidualBlock>(width(1), width(2), embeddingSize()))),
        down1_(register_module("down1", conv3x3(width(2), width(2), 2))),
        middle_(register_module("middle", std::make_shared<ResidualBlock>(width(2), width(2), embeddingSize()))),
        up1_(register_module("up1", std::make_shared<ResidualBlock>(width(4), width(2), embeddingSize()))),
        up0_(register_module("up0", std::make_shared<ResidualBlock>(width(3), width(1), embeddingSize()))),
        output_norm_(register_module("output_norm", groupNorm(width(1)))),
        output_(register_module("output", conv3x3(width(1), config.image_channels))) {}

  torch::Tensor forward(const torch::Tensor& x_t, const torch::Tensor& t, const torch::Tensor& labels) override {
    checkInputs(x_t, t, labels);
    const torch::Tensor embedding =
        time_mlp2_->forward(torch::silu(time_mlp1_->forward(timestepFeatures(t, config_.width)))) +
        class_embedding_->forward(labels);
    const torch::Tensor skip0 = block0_->forward(input_->forward(x_t), embedding);
    const torch::Tensor skip1 = block1_->forward(down0_->forward(skip0), embedding);
    torch::Tensor h = middle_->forward(down1_->forward(skip1), embedding);
    h = up1_->forward(torch::cat({upsampleTo(h, skip1), skip1}, 1), embedding);
    h = up0_->forward(torch::cat({upsampleTo(h, skip0), skip0}, 1), embedding);
    return output_->forward(torch::silu(output_norm_->forward(h)));
  }

  const GeneratorConfig& config() const override { return config_; }

 private:
  int64_t width(int64_t multiple) const { return config_.width * multiple; }
  int64_t embeddingSize() const { return config_.width * 4; }

  static torch::Tensor upsampleTo(const torch::Tensor& x, const torch::Tensor& like) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{like.size(2), like.size(3)})
                                 .mode(torch::kNearest));
  }

  // Shape errors inside the convolutions would be obscure; name the expected input instead.
  void checkInputs(const torch::Tensor& x_t, const torch::Tensor& t, const torch::Tensor& labels) const {
    const int64_t r = config_.resolution;
    if (x_t.dim() != 4 || x_t.size(1) != config_.image_channels || x_t.size(2) != r || x_t.size(3) != r)
      throw Error(ErrorKind::Execution, "the generator expects images [N, " + std::to_string(config_.image_channels) +
                                            ", " + std::to_string(r) + ", " + std::to_string(r) + "]");
    if (t.dim() != 1 || labels.dim() != 1 || t.size(0) != x_t.size(0) || labels.size(0) != x_t.size(0))
      throw Error(ErrorKind::Execution, "the generator expects one timestep and one label per image");
  }

  GeneratorConfig config_;
  torch::nn::Linear time_mlp1_;
  torch::nn::Linear time_mlp2_;
  torch::nn::Embedding class_embedding_;
  torch::nn::Conv2d input_;
  std::shared_ptr<ResidualBlock> block0_;
  torch::nn::Conv2d down0_;
  std::shared_ptr<ResidualBlock> block1_;
  torch::nn::Conv2d down1_;
  std::shared_ptr<ResidualBlock> middle_;
  std::shared_ptr<ResidualBlock> up1_;
  std::shared_ptr<ResidualBlock> up0_;
  torch::nn::GroupNorm output_norm_;
  torch::nn::Conv2d output_;
};

}  // namespace

std::shared_ptr<NoisePredictor> makeNoisePredictor(const GeneratorConfig& config) {
  if (config.width < 8 || config.width % 2 != 0)
    throw Error(ErrorKind::Execution, "channels must be an even number of at least 8, got " + std::to_string(config.width));
  if (config.resolution < 8)
    throw Error(ErrorKind::Execution, "resolution must be at least 8, got " + std::to_string(config.resolution));
  if (config.image_channels < 1 || config.classes < 1 || config.timesteps < 2)
    throw Error(ErrorKind::Execution, "cannot build a generator for " + std::to_string(config.image_channels) +
                                          "-channel images of " + std::to_string(config.classes) + " classes");
  return std::make_shared<ConditionalUnet>(config);
}

int64_t countParameters(const NoisePredictor& model) {
  int64_t count = 0;
  for (const auto& parameter : model.parameters(/*recurse=*/true)) {
    if (parameter.requires_grad()) count += parameter.numel();
  }
  return count;
}

}  // namespace lethe::ml
