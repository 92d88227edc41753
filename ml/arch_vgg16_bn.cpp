// vgg16_bn: VGG-16 with BatchNorm (Simonyan & Zisserman; the CIFAR form used by SalUn's
// baselines): 13 3x3 convolutions with BatchNorm + ReLU in five blocks of 64, 128, 256, 512
// and 512 channels, a 2x2 max-pool after each block, then global average pooling and one
// linear layer, the "head" (~14.7M parameters for 10 classes). A 32x32 image reaches 1x1
// after the fifth pool. Smaller inputs would pool to nothing (28x28: 14, 7, 3, 1, then 0),
// so a pool is skipped once the map is narrower than 2 pixels; the global average pool lets
// larger inputs (e.g. 64x64 -> 2x2) use the same head. Both are decided on the actual map
// in forward(), so the weights do not depend on the input size.
#include "ml/archs.hpp"
#include "ml/dense.hpp"

namespace lethe::ml {
namespace {

// Output channels of each convolution; 0 marks a max-pool.
constexpr int64_t kLayout[] = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

class Vgg16Bn : public Classifier {
 public:
  explicit Vgg16Bn(const InputShape& shape)
      : convs_(register_module("convs", torch::nn::ModuleList())),
        bns_(register_module("bns", torch::nn::ModuleList())),
        head_(register_module("head", torch::nn::Linear(512, shape.classes))) {
    int64_t in = shape.channels;
    for (int64_t out : kLayout) {
      if (out == 0) {
        // The pool follows the last convolution pushed so far.
        pool_after_.back() = true;
        continue;
      }
      torch::nn::Conv2d conv(torch::nn::Conv2dOptions(in, out, 3).padding(1));
      torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
      torch::nn::init::zeros_(conv->bias);
      torch::nn::BatchNorm2d bn(out);
      convs_->push_back(conv);
      bns_->push_back(bn);
      typed_.push_back({conv, bn});
      pool_after_.push_back(false);
      in = out;
    }
  }

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = x;
    for (size_t i = 0; i < typed_.size(); ++i) {
      h = torch::relu(typed_[i].second->forward(typed_[i].first->forward(h)));
      if (pool_after_[i] && h.size(2) >= 2 && h.size(3) >= 2) h = torch::max_pool2d(h, 2);
    }
    return denseForward(head_, h.mean({2, 3}));
  }

 private:
  torch::nn::ModuleList convs_;
  torch::nn::ModuleList bns_;
  std::vector<std::pair<torch::nn::Conv2d, torch::nn::BatchNorm2d>> typed_;
  std::vector<bool> pool_after_;
  torch::nn::Linear head_;
};

}  // namespace

std::shared_ptr<Classifier> makeVgg16Bn(const InputShape& shape) { return std::make_shared<Vgg16Bn>(shape); }

}  // namespace lethe::ml
