// resnet20_gated: resnet20 (3 stages x 3 basic blocks, 16/32/64 channels) with a channel
// gate after the stem's activation and after every block's output activation (REM); the
// blocks' inner convolutions are not gated. One difference from resnet20: the parameter-free
// shortcut pads the new channels after the old ones instead of around them, so that θ1 (the
// leading half) of a block's output only ever receives θ1 of its input and the pruned twin
// computes exactly what drop mode computes.
#include "ml/archs.hpp"
#include "ml/dense.hpp"
#include "ml/gates.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kBlocksPerStage = 3;
constexpr int64_t kStageChannels[] = {16, 32, 64};

torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}

class GatedBlock : public torch::nn::Module {
 public:
  // `inner`: the width of the ungated inner convolution, which the pruned twin keeps whole.
  GatedBlock(int64_t in, int64_t inner, int64_t out, int64_t stride)
      : conv1_(register_module("conv1", conv3x3(in, inner, stride))),
        bn1_(register_module("bn1", torch::nn::BatchNorm2d(inner))),
        conv2_(register_module("conv2", conv3x3(inner, out, 1))),
        bn2_(register_module("bn2", torch::nn::BatchNorm2d(out))),
        stride_(stride),
        extra_channels_(out - in) {}

  // The block's output before its gate.
  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = torch::relu(bn1_->forward(conv1_->forward(x)));
    h = bn2_->forward(conv2_->forward(h));
    return torch::relu(h + shortcut(x));
  }

 private:
  torch::Tensor shortcut(const torch::Tensor& x) const {
    if (stride_ == 1 && extra_channels_ == 0) return x;
    torch::Tensor sub = x.slice(2, 0, c10::nullopt, stride_).slice(3, 0, c10::nullopt, stride_);
    return torch::constant_pad_nd(sub, {0, 0, 0, 0, 0, extra_channels_});
  }

  torch::nn::Conv2d conv1_;
  torch::nn::BatchNorm2d bn1_;
  torch::nn::Conv2d conv2_;
  torch::nn::BatchNorm2d bn2_;
  int64_t stride_;
  int64_t extra_channels_;
};

class Resnet20Gated : public GatedClassifier {
 public:
  Resnet20Gated(const InputShape& shape, bool pruned)
      : GatedClassifier(pruned),
        stem_(register_module("conv1", conv3x3(shape.channels, width(kStageChannels[0]), 1))),
        stem_bn_(register_module("bn1", torch::nn::BatchNorm2d(width(kStageChannels[0])))),
        stem_gate_(addGate("gate1", kStageChannels[0])),
        blocks_(register_module("blocks", torch::nn::ModuleList())),
        head_(register_module("head", torch::nn::Linear(width(kStageChannels[2]), shape.classes))) {
    int64_t in = width(kStageChannels[0]);
    for (int stage = 0; stage < 3; ++stage) {
      for (int64_t b = 0; b < kBlocksPerStage; ++b) {
        const int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
        const int64_t out = width(kStageChannels[stage]);
        auto block = std::make_shared<GatedBlock>(in, kStageChannels[stage], out, stride);
        blocks_->push_back(block);
        typed_blocks_.push_back(block);
        block_gates_.push_back(addGate("block_gate" + std::to_string(block_gates_.size()), kStageChannels[stage]));
        in = out;
      }
    }
    for (auto& module : modules(/*include_self=*/false)) {
      if (auto* conv = module->as<torch::nn::Conv2d>())
        torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
  }

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = apply(stem_gate_, torch::relu(stem_bn_->forward(stem_->forward(x))));
    for (size_t i = 0; i < typed_blocks_.size(); ++i) h = apply(block_gates_[i], typed_blocks_[i]->forward(h));
    return denseForward(head_, h.mean({2, 3}));
  }

 private:
  torch::nn::Conv2d stem_;
  torch::nn::BatchNorm2d stem_bn_;
  std::shared_ptr<ChannelGate> stem_gate_;
  torch::nn::ModuleList blocks_;
  std::vector<std::shared_ptr<GatedBlock>> typed_blocks_;
  std::vector<std::shared_ptr<ChannelGate>> block_gates_;
  torch::nn::Linear head_;
};

}  // namespace

std::shared_ptr<Classifier> makeResnet20Gated(const InputShape& shape, bool pruned) {
  return std::make_shared<Resnet20Gated>(shape, pruned);
}

}  // namespace lethe::ml
