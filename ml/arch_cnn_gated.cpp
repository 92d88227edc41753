// cnn_gated: the cnn (two 3x3 conv + max-pool blocks, a hidden linear layer, no BatchNorm)
// with a channel gate after the activation of each of its three hidden layers (REM). The
// widths are cnn's; θ1 is half of each, so the base model trains an 8/16/64-unit network.
#include "ml/archs.hpp"
#include "ml/dense.hpp"
#include "ml/gates.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kChannels1 = 16;
constexpr int64_t kChannels2 = 32;
constexpr int64_t kHidden = 128;

torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out) { return torch::nn::Conv2dOptions(in, out, 3).padding(1); }

class CnnGated : public GatedClassifier {
 public:
  CnnGated(const InputShape& shape, bool pruned)
      : GatedClassifier(pruned),
        conv1_(register_module("conv1", torch::nn::Conv2d(conv3x3(shape.channels, width(kChannels1))))),
        conv2_(register_module("conv2", torch::nn::Conv2d(conv3x3(width(kChannels1), width(kChannels2))))),
        fc_(register_module("fc", torch::nn::Linear(width(kChannels2) * (shape.height / 4) * (shape.width / 4),
                                                    width(kHidden)))),
        head_(register_module("head", torch::nn::Linear(width(kHidden), shape.classes))),
        gate1_(addGate("gate1", kChannels1)),
        gate2_(addGate("gate2", kChannels2)),
        gate3_(addGate("gate3", kHidden)) {}

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = apply(gate1_, torch::relu(torch::max_pool2d(conv1_->forward(x), 2)));
    h = apply(gate2_, torch::relu(torch::max_pool2d(conv2_->forward(h), 2)));
    h = apply(gate3_, torch::relu(denseForward(fc_, h.flatten(1))));
    return denseForward(head_, h);
  }

 private:
  torch::nn::Conv2d conv1_;
  torch::nn::Conv2d conv2_;
  torch::nn::Linear fc_;
  torch::nn::Linear head_;
  std::shared_ptr<ChannelGate> gate1_, gate2_, gate3_;
};

}  // namespace

std::shared_ptr<Classifier> makeCnnGated(const InputShape& shape, bool pruned) {
  return std::make_shared<CnnGated>(shape, pruned);
}

}  // namespace lethe::ml
