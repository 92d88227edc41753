// mlp: flatten -> 256 -> 256 -> classes with ReLU. The cheapest architecture; the default
// for tests and quick experiments.
#include "ml/archs.hpp"
#include "ml/dense.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kHidden = 256;

class Mlp : public Classifier {
 public:
  explicit Mlp(const InputShape& shape)
      : fc1_(register_module("fc1", torch::nn::Linear(shape.channels * shape.height * shape.width, kHidden))),
        fc2_(register_module("fc2", torch::nn::Linear(kHidden, kHidden))),
        head_(register_module("head", torch::nn::Linear(kHidden, shape.classes))) {}

  torch::Tensor forward(const torch::Tensor& x) override {
    torch::Tensor h = torch::relu(denseForward(fc1_, x.flatten(1)));
    h = torch::relu(denseForward(fc2_, h));
    return denseForward(head_, h);
  }

 private:
  torch::nn::Linear fc1_;
  torch::nn::Linear fc2_;
  torch::nn::Linear head_;
};

}  // namespace

std::shared_ptr<Classifier> makeMlp(const InputShape& shape) { return std::make_shared<Mlp>(shape); }

}  // namespace lethe::ml
