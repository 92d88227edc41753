// The residual networks, built from one parametrised network as torchvision's
// ResNet(block, layers) is: a 3x3 stride-1 stem (no max-pooling: 28x28 and 32x32 inputs are
// too small to shrink at once), stages of basic blocks (two 3x3 convolutions with BatchNorm,
// stride 2 at the start of every stage after the first), global average pooling and a linear
// head; He initialisation of every convolution. What differs between the networks is data:
//
// - resnet18: the CIFAR ResNet-18 that SalUn and most unlearning papers use: four stages of
//   two blocks, 64/128/256/512 channels, shortcuts that change shape are a 1x1 convolution +
//   BatchNorm (option B). About 11.2M parameters for 10 classes.
// - resnet20: the CIFAR ResNet of He et al. (2016): three stages of three blocks, 16/32/64
//   channels, parameter-free shortcuts (option A: subsample, pad the new channels with zeros
//   around the old ones), as in the paper's CIFAR experiments.
// - resnet20_gated: resnet20 with a channel gate (REM) after the stem's activation and after
//   every block's output; the blocks' inner convolutions are not gated. Its parameter-free
//   shortcut pads the new channels after the old ones, so that θ1 (the leading half) of a
//   block's output only ever receives θ1 of its input and the pruned twin computes exactly
//   what drop mode computes.
//
// The module names ("conv1", "bn1", "gate1", "blocks.<i>.conv1", ..., "block_gate<i>",
// "head") and the order in which modules are built (which fixes what a seed draws) are those
// of the networks' first, separate implementations: catalogs store weights by name
// (tests/unit/ml/test_resnet_layout.cpp holds them to it).
#include "ml/archs.hpp"
#include "ml/dense.hpp"
#include "ml/gates.hpp"

namespace lethe::ml {
namespace {

enum class Shortcut {
  Projection,  // 1x1 convolution + BatchNorm where the shape changes (option B)
  PadAround,   // subsample, zero channels split before and after the old ones (option A)
  PadAfter,    // subsample, zero channels after the old ones (option A, gated networks)
};

struct ResidualLayout {
  std::vector<int64_t> stage_channels;
  int64_t blocks_per_stage = 0;
  Shortcut shortcut = Shortcut::Projection;
};

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

class BasicBlock : public torch::nn::Module {
 public:
  // `inner`: the width of the first convolution's output (a gated network's pruned twin
  // keeps it whole while `in` and `out` are halved).
  BasicBlock(int64_t in, int64_t inner, int64_t out, int64_t stride, Shortcut shortcut)
      : conv1_(register_module("conv1", conv(in, inner, 3, stride))),
        bn1_(register_module("bn1", torch::nn::BatchNorm2d(inner))),
        conv2_(register_module("conv2", conv(inner, out, 3, 1))),
        bn2_(register_module("bn2", torch::nn::BatchNorm2d(out))),
        shortcut_(shortcut),
        stride_(stride),
        extra_channels_(out - in) {
    if (shortcut == Shortcut::Projection && (stride != 1 || in != out)) {
      shortcut_conv_ = register_module("shortcut_conv", conv(in, out, 1, stride));
      shortcut_bn_ = register_module("shortcut_bn", torch::nn::BatchNorm2d(out));
    }
  }

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = torch::relu(bn1_->forward(conv1_->forward(x)));
    h = bn2_->forward(conv2_->forward(h));
    return torch::relu(h + shortcut(x));
  }

 private:
  torch::Tensor shortcut(const torch::Tensor& x) {
    if (shortcut_conv_) return shortcut_bn_->forward(shortcut_conv_->forward(x));
    if (stride_ == 1 && extra_channels_ == 0) return x;
    const torch::Tensor sub = x.slice(2, 0, c10::nullopt, stride_).slice(3, 0, c10::nullopt, stride_);
    const int64_t before = shortcut_ == Shortcut::PadAround ? extra_channels_ / 2 : 0;
    return torch::constant_pad_nd(sub, {0, 0, 0, 0, before, extra_channels_ - before});
  }

  torch::nn::Conv2d conv1_;
  torch::nn::BatchNorm2d bn1_;
  torch::nn::Conv2d conv2_;
  torch::nn::BatchNorm2d bn2_;
  torch::nn::Conv2d shortcut_conv_{nullptr};
  torch::nn::BatchNorm2d shortcut_bn_{nullptr};
  Shortcut shortcut_;
  int64_t stride_;
  int64_t extra_channels_;
};

// The base of an ungated network: full widths, no gates — what GatedClassifier offers, so one
// network template serves both.
class Ungated : public Classifier {
 protected:
  explicit Ungated(bool /*pruned*/) {}
  int64_t width(int64_t channels) const { return channels; }
  std::shared_ptr<ChannelGate> addGate(const std::string&, int64_t) { return nullptr; }
  static torch::Tensor apply(const std::shared_ptr<ChannelGate>&, const torch::Tensor& h) { return h; }
};

template <class Base>
class ResidualNetwork : public Base {
 public:
  ResidualNetwork(const ResidualLayout& layout, const InputShape& shape, bool pruned)
      : Base(pruned),
        stem_(this->register_module("conv1", conv(shape.channels, this->width(layout.stage_channels.front()), 3, 1))),
        stem_bn_(this->register_module("bn1", torch::nn::BatchNorm2d(this->width(layout.stage_channels.front())))),
        stem_gate_(this->addGate("gate1", layout.stage_channels.front())),
        blocks_(this->register_module("blocks", torch::nn::ModuleList())),
        head_(this->register_module("head", torch::nn::Linear(this->width(layout.stage_channels.back()), shape.classes))) {
    int64_t in = this->width(layout.stage_channels.front());
    for (size_t stage = 0; stage < layout.stage_channels.size(); ++stage) {
      const int64_t channels = layout.stage_channels[stage];
      for (int64_t b = 0; b < layout.blocks_per_stage; ++b) {
        const int64_t stride = (stage > 0 && b == 0) ? 2 : 1;
        auto block = std::make_shared<BasicBlock>(in, channels, this->width(channels), stride, layout.shortcut);
        blocks_->push_back(block);
        typed_blocks_.push_back(block);
        block_gates_.push_back(this->addGate("block_gate" + std::to_string(block_gates_.size()), channels));
        in = this->width(channels);
      }
    }
    for (auto& module : this->modules(/*include_self=*/false)) {
      if (auto* layer = module->template as<torch::nn::Conv2d>())
        torch::nn::init::kaiming_normal_(layer->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
  }

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = this->apply(stem_gate_, torch::relu(stem_bn_->forward(stem_->forward(x))));
    for (size_t i = 0; i < typed_blocks_.size(); ++i) h = this->apply(block_gates_[i], typed_blocks_[i]->forward(h));
    return denseForward(head_, h.mean({2, 3}));
  }

 private:
  torch::nn::Conv2d stem_;
  torch::nn::BatchNorm2d stem_bn_;
  std::shared_ptr<ChannelGate> stem_gate_;
  torch::nn::ModuleList blocks_;
  std::vector<std::shared_ptr<BasicBlock>> typed_blocks_;
  std::vector<std::shared_ptr<ChannelGate>> block_gates_;  // null in ungated networks
  torch::nn::Linear head_;
};

const ResidualLayout kResnet18{{64, 128, 256, 512}, 2, Shortcut::Projection};
const ResidualLayout kResnet20{{16, 32, 64}, 3, Shortcut::PadAround};
const ResidualLayout kResnet20Gated{{16, 32, 64}, 3, Shortcut::PadAfter};

}  // namespace

std::shared_ptr<Classifier> makeResnet18(const InputShape& shape) {
  return std::make_shared<ResidualNetwork<Ungated>>(kResnet18, shape, false);
}

std::shared_ptr<Classifier> makeResnet20(const InputShape& shape) {
  return std::make_shared<ResidualNetwork<Ungated>>(kResnet20, shape, false);
}

std::shared_ptr<Classifier> makeResnet20Gated(const InputShape& shape, bool pruned) {
  return std::make_shared<ResidualNetwork<GatedClassifier>>(kResnet20Gated, shape, pruned);
}

}  // namespace lethe::ml
