// resnet9_gated: the ResNet-9 of the REM paper (Page's DAWNBench network: prep 64, layer1 128
// + pool + residual, layer2 256 + pool, layer3 512 + pool + residual, global max-pool, linear
// head; conv-BN-ReLU throughout) with a channel gate after the activation of every layer and
// after each residual block's output. The residual blocks' inner convolutions are not gated
// (the pruned twin keeps the first of them whole).
#include "ml/archs.hpp"
#include "ml/dense.hpp"
#include "ml/gates.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kPrep = 64;
constexpr int64_t kLayer1 = 128;
constexpr int64_t kLayer2 = 256;
constexpr int64_t kLayer3 = 512;

// conv 3x3 - BatchNorm - ReLU, optionally followed by a 2x2 max-pool.
class ConvBn : public torch::nn::Module {
 public:
  ConvBn(int64_t in, int64_t out, bool pool)
      : conv_(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)))),
        bn_(register_module("bn", torch::nn::BatchNorm2d(out))),
        pool_(pool) {}

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor h = conv_->forward(x);
    if (pool_) h = torch::max_pool2d(h, 2);  // before BN + ReLU, as in the DAWNBench net
    return torch::relu(bn_->forward(h));
  }

 private:
  torch::nn::Conv2d conv_;
  torch::nn::BatchNorm2d bn_;
  bool pool_;
};

// x + conv_bn(conv_bn(x)); `inner` is the ungated width of the first convolution.
class Residual : public torch::nn::Module {
 public:
  Residual(int64_t channels, int64_t inner)
      : first_(register_module("res1", std::make_shared<ConvBn>(channels, inner, false))),
        second_(register_module("res2", std::make_shared<ConvBn>(inner, channels, false))) {}

  torch::Tensor forward(const torch::Tensor& x) { return x + second_->forward(first_->forward(x)); }

 private:
  std::shared_ptr<ConvBn> first_;
  std::shared_ptr<ConvBn> second_;
};

class Resnet9Gated : public GatedClassifier {
 public:
  Resnet9Gated(const InputShape& shape, bool pruned)
      : GatedClassifier(pruned),
        prep_(register_module("prep", std::make_shared<ConvBn>(shape.channels, width(kPrep), false))),
        layer1_(register_module("layer1", std::make_shared<ConvBn>(width(kPrep), width(kLayer1), true))),
        res1_(register_module("res1", std::make_shared<Residual>(width(kLayer1), kLayer1))),
        layer2_(register_module("layer2", std::make_shared<ConvBn>(width(kLayer1), width(kLayer2), true))),
        layer3_(register_module("layer3", std::make_shared<ConvBn>(width(kLayer2), width(kLayer3), true))),
        res3_(register_module("res3", std::make_shared<Residual>(width(kLayer3), kLayer3))),
        head_(register_module("head", torch::nn::Linear(width(kLayer3), shape.classes))),
        gate_prep_(addGate("gate_prep", kPrep)),
        gate1_(addGate("gate1", kLayer1)),
        gate_res1_(addGate("gate_res1", kLayer1)),
        gate2_(addGate("gate2", kLayer2)),
        gate3_(addGate("gate3", kLayer3)),
        gate_res3_(addGate("gate_res3", kLayer3)) {}

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = apply(gate_prep_, prep_->forward(x));
    h = apply(gate1_, layer1_->forward(h));
    h = apply(gate_res1_, res1_->forward(h));
    h = apply(gate2_, layer2_->forward(h));
    h = apply(gate3_, layer3_->forward(h));
    h = apply(gate_res3_, res3_->forward(h));
    return denseForward(head_, std::get<0>(h.flatten(2).max(2)));
  }

 private:
  std::shared_ptr<ConvBn> prep_, layer1_;
  std::shared_ptr<Residual> res1_;
  std::shared_ptr<ConvBn> layer2_, layer3_;
  std::shared_ptr<Residual> res3_;
  torch::nn::Linear head_;
  std::shared_ptr<ChannelGate> gate_prep_, gate1_, gate_res1_, gate2_, gate3_, gate_res3_;
};

}  // namespace

std::shared_ptr<Classifier> makeResnet9Gated(const InputShape& shape, bool pruned) {
  return std::make_shared<Resnet9Gated>(shape, pruned);
}

}  // namespace lethe::ml
