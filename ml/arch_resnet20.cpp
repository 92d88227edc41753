// resnet20: the CIFAR ResNet of He et al. (2016): a 3x3 stem, three stages of three basic
// blocks with 16/32/64 channels (stride 2 at the start of stages 2 and 3), global average
// pooling and a linear head. Shortcuts are option A (parameter-free: subsample and pad the
// new channels with zeros), as in the paper's CIFAR experiments.
#include "ml/archs.hpp"
#include "ml/dense.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kBlocksPerStage = 3;
constexpr int64_t kStageChannels[] = {16, 32, 64};

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

class BasicBlock : public torch::nn::Module {
 public:
  BasicBlock(int64_t in, int64_t out, int64_t stride)
      : conv1_(register_module("conv1", conv3x3(in, out, stride))),
        bn1_(register_module("bn1", torch::nn::BatchNorm2d(out))),
        conv2_(register_module("conv2", conv3x3(out, out, 1))),
        bn2_(register_module("bn2", torch::nn::BatchNorm2d(out))),
        stride_(stride),
        extra_channels_(out - in) {}

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = torch::relu(bn1_->forward(conv1_->forward(x)));
    h = bn2_->forward(conv2_->forward(h));
    return torch::relu(h + shortcut(x));
  }

 private:
  torch::Tensor shortcut(const torch::Tensor& x) const {
    if (stride_ == 1 && extra_channels_ == 0) return x;
    torch::Tensor sub = x.slice(2, 0, c10::nullopt, stride_).slice(3, 0, c10::nullopt, stride_);
    const int64_t before = extra_channels_ / 2;
    return torch::constant_pad_nd(sub, {0, 0, 0, 0, before, extra_channels_ - before});
  }

  torch::nn::Conv2d conv1_;
  torch::nn::BatchNorm2d bn1_;
  torch::nn::Conv2d conv2_;
  torch::nn::BatchNorm2d bn2_;
  int64_t stride_;
  int64_t extra_channels_;
};

class Resnet20 : public Classifier {
 public:
  explicit Resnet20(const InputShape& shape)
      : stem_(register_module("conv1", conv3x3(shape.channels, kStageChannels[0], 1))),
        stem_bn_(register_module("bn1", torch::nn::BatchNorm2d(kStageChannels[0]))),
        blocks_(register_module("blocks", torch::nn::ModuleList())),
        head_(register_module("head", torch::nn::Linear(kStageChannels[2], shape.classes))) {
    int64_t in = kStageChannels[0];
    for (int stage = 0; stage < 3; ++stage) {
      for (int64_t b = 0; b < kBlocksPerStage; ++b) {
        const int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
        auto block = std::make_shared<BasicBlock>(in, kStageChannels[stage], stride);
        blocks_->push_back(block);
        typed_blocks_.push_back(block);
        in = kStageChannels[stage];
      }
    }
    // He initialisation for the convolutions, as in the reference CIFAR ResNets.
    for (auto& module : modules(/*include_self=*/false)) {
      if (auto* conv = module->as<torch::nn::Conv2d>())
        torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
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

std::shared_ptr<Classifier> makeResnet20(const InputShape& shape) { return std::make_shared<Resnet20>(shape); }

}  // namespace lethe::ml
