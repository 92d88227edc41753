#pragma once
// Channel gates of the REM architectures (METHODS.md, "REM"). A gated network splits the
// output channels of every gated layer in two: θ1, the leading half, is always on; θ2, the
// trailing half, is switched by the network's gate mode:
//   Drop  θ2 multiplied by 0 (no rescaling): base training and the deployed model;
//   Mask  θ2 under a per-sample Bernoulli(keep_probability) channel mask, deterministic in
//         the sample's key (every forget-set sample shares one key, so one mask);
//   Full  every channel on.
// In drop mode a gated network computes exactly what its pruned twin computes — the same
// architecture built with only the θ1 channels and no gates — so base training runs on the
// twin (cheaper) and EXPORT writes the twin. θ1 is the leading slice of every tensor along
// every dimension, which is what lets copyLeading() move weights between the two.
#include <torch/torch.h>

#include <memory>
#include <string>

#include "ml/classifier.hpp"

namespace lethe::ml {

enum class GateMode { Full, Drop, Mask };

// Shared by every gate of one network.
struct GateState {
  GateMode mode = GateMode::Drop;
  double keep_probability = 0.2;  // p_mem: chance that a θ2 channel is on in mask mode
  uint64_t seed = 1;              // mixes into every mask, so two runs can differ on purpose
  torch::Tensor keys;             // mask mode: int64 [N] (CPU), one key per sample of the next batch
};

// The key every forget-set sample shares in mask mode (sample indices are >= 0).
constexpr int64_t kSharedForgetKey = -1;

// Multiplies the channels (dim 1) of its input by the gate pattern of the network's mode.
class ChannelGate : public torch::nn::Module {
 public:
  ChannelGate(std::shared_ptr<GateState> state, int64_t channels, int64_t layer);
  torch::Tensor forward(const torch::Tensor& h);

 private:
  std::shared_ptr<GateState> state_;
  int64_t channels_;
  int64_t layer_;  // distinct per gate, so each layer draws its own mask
};

// The base of the gated architectures. Built `pruned`, it has only the θ1 channels and no
// gates: an ordinary classifier.
class GatedClassifier : public Classifier {
 public:
  GateState& gates() { return *state_; }
  bool pruned() const { return pruned_; }

 protected:
  explicit GatedClassifier(bool pruned) : state_(std::make_shared<GateState>()), pruned_(pruned) {}
  // The θ1 share of a layer of `channels` (the whole layer when pruned is false).
  int64_t width(int64_t channels) const { return pruned_ ? channels / 2 : channels; }
  // A gate for a layer of `channels` (full width), registered as `name`; null when pruned.
  std::shared_ptr<ChannelGate> addGate(const std::string& name, int64_t channels);
  // gate(h) when the network has that gate, else h.
  static torch::Tensor apply(const std::shared_ptr<ChannelGate>& gate, const torch::Tensor& h) {
    return gate ? gate->forward(h) : h;
  }

 private:
  std::shared_ptr<GateState> state_;
  bool pruned_;
  int64_t gate_count_ = 0;
};

// The gated network behind `model`, or null when its architecture has no gates.
GatedClassifier* asGated(Classifier& model);
bool isGatedArch(const std::string& arch);
// The architectures with gates, for messages ("cnn_gated, resnet20_gated, resnet9_gated").
std::string gatedArchList();

// The θ1-only twin of a gated architecture: same names, half the channels, no gates.
std::shared_ptr<Classifier> makePrunedClassifier(const std::string& arch, const InputShape& shape);

// Copies every parameter and buffer of `from` into the leading slice of the same-named
// tensor of `to` (pruned -> gated: θ2 keeps what `to` had) or takes the leading slice of
// `from` (gated -> pruned). Names must match and each tensor of one must fit in the other's.
void copyLeading(Classifier& from, Classifier& to);

// Sets `mode` on a gated model and restores the previous mode when it goes out of scope.
class GateModeScope {
 public:
  GateModeScope(GatedClassifier& model, GateMode mode, torch::Tensor keys = {});
  ~GateModeScope();
  GateModeScope(const GateModeScope&) = delete;
  GateModeScope& operator=(const GateModeScope&) = delete;

 private:
  GatedClassifier& model_;
  GateMode previous_mode_;
  torch::Tensor previous_keys_;
};

}  // namespace lethe::ml
