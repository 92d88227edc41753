// cnn: two 3x3 conv + 2x2 max-pool blocks (16 and 32 channels) and two linear layers, no
// BatchNorm. The channel counts are kept small on purpose: a CPU-only LibTorch with a
// generic BLAS trains a 32/64-channel version at only ~600 images/s on two cores.
#include "ml/archs.hpp"
#include "ml/dense.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kChannels1 = 16;
constexpr int64_t kChannels2 = 32;
constexpr int64_t kHidden = 128;

torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out) { return torch::nn::Conv2dOptions(in, out, 3).padding(1); }

class Cnn : public Classifier {
 public:
  explicit Cnn(const InputShape& shape)
      : conv1_(register_module("conv1", torch::nn::Conv2d(conv3x3(shape.channels, kChannels1)))),
        conv2_(register_module("conv2", torch::nn::Conv2d(conv3x3(kChannels1, kChannels2)))),
        // Two 2x2 pools with floor rounding, as max_pool2d computes them.
        fc_(register_module("fc", torch::nn::Linear(kChannels2 * (shape.height / 2 / 2) * (shape.width / 2 / 2),
                                                    kHidden))),
        head_(register_module("head", torch::nn::Linear(kHidden, shape.classes))) {}

  torch::Tensor forward(const torch::Tensor& x) override {
    // Pooling before the ReLU gives the same values (ReLU is monotonic) and runs the
    // elementwise ReLU on a quarter of the activations.
    torch::Tensor h = torch::relu(torch::max_pool2d(conv1_->forward(x), 2));
    h = torch::relu(torch::max_pool2d(conv2_->forward(h), 2));
    h = torch::relu(denseForward(fc_, h.flatten(1)));
    return denseForward(head_, h);
  }

 private:
  torch::nn::Conv2d conv1_;
  torch::nn::Conv2d conv2_;
  torch::nn::Linear fc_;
  torch::nn::Linear head_;
};

}  // namespace

std::shared_ptr<Classifier> makeCnn(const InputShape& shape) { return std::make_shared<Cnn>(shape); }

}  // namespace lethe::ml
