// resnet18: the CIFAR variant of He et al.'s ResNet-18 used by SalUn and most unlearning
// papers: a 3x3 stride-1 stem without max-pooling (32x32 inputs are too small to shrink at
// once), four stages of two basic blocks with 64/128/256/512 channels (stride 2 at the start
// of stages 2-4), BatchNorm after every convolution, global average pooling and a linear
// head. Shortcuts that change shape are a 1x1 convolution + BatchNorm (option B), as in
// those papers' code. About 11.2M parameters for 10 classes.
#include "ml/archs.hpp"
#include "ml/dense.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kStageChannels[] = {64, 128, 256, 512};
constexpr int64_t kBlocksPerStage = 2;

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

class BasicBlock : public torch::nn::Module {
 public:
  BasicBlock(int64_t in, int64_t out, int64_t stride)
      : conv1_(register_module("conv1", conv(in, out, 3, stride))),
        bn1_(register_module("bn1", torch::nn::BatchNorm2d(out))),
        conv2_(register_module("conv2", conv(out, out, 3, 1))),
        bn2_(register_module("bn2", torch::nn::BatchNorm2d(out))) {
    if (stride != 1 || in != out) {
      shortcut_conv_ = register_module("shortcut_conv", conv(in, out, 1, stride));
      shortcut_bn_ = register_module("shortcut_bn", torch::nn::BatchNorm2d(out));
    }
  }

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = torch::relu(bn1_->forward(conv1_->forward(x)));
    h = bn2_->forward(conv2_->forward(h));
    const torch::Tensor shortcut = shortcut_conv_ ? shortcut_bn_->forward(shortcut_conv_->forward(x)) : x;
    return torch::relu(h + shortcut);
  }

 private:
  torch::nn::Conv2d conv1_;
  torch::nn::BatchNorm2d bn1_;
  torch::nn::Conv2d conv2_;
  torch::nn::BatchNorm2d bn2_;
  torch::nn::Conv2d shortcut_conv_{nullptr};
  torch::nn::BatchNorm2d shortcut_bn_{nullptr};
};

class Resnet18 : public Classifier {
 public:
  explicit Resnet18(const InputShape& shape)
      : stem_(register_module("conv1", conv(shape.channels, kStageChannels[0], 3, 1))),
        stem_bn_(register_module("bn1", torch::nn::BatchNorm2d(kStageChannels[0]))),
        blocks_(register_module("blocks", torch::nn::ModuleList())),
        head_(register_module("head", torch::nn::Linear(kStageChannels[3], shape.classes))) {
    int64_t in = kStageChannels[0];
    for (int stage = 0; stage < 4; ++stage) {
      for (int64_t b = 0; b < kBlocksPerStage; ++b) {
        const int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
        auto block = std::make_shared<BasicBlock>(in, kStageChannels[stage], stride);
        blocks_->push_back(block);
        typed_blocks_.push_back(block);
        in = kStageChannels[stage];
      }
    }
    // He initialisation for the convolutions, as torchvision's ResNets do.
    for (auto& module : modules(/*include_self=*/false)) {
      if (auto* layer = module->as<torch::nn::Conv2d>())
        torch::nn::init::kaiming_normal_(layer->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
  }

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = torch::relu(stem_bn_->forward(stem_->forward(x)));
    for (auto& block : typed_blocks_) h = block->forward(h);
    return denseForward(head_, h.mean({2, 3}));
  }

 private:
  torch::nn::Conv2d stem_;
  torch::nn::BatchNorm2d stem_bn_;
  torch::nn::ModuleList blocks_;
  std::vector<std::shared_ptr<BasicBlock>> typed_blocks_;
  torch::nn::Linear head_;
};

}  // namespace

std::shared_ptr<Classifier> makeResnet18(const InputShape& shape) { return std::make_shared<Resnet18>(shape); }

}  // namespace lethe::ml
