#include "ml/gates.hpp"

#include <map>

#include "common/error.hpp"
#include "ml/archs.hpp"

namespace lethe::ml {
namespace {

uint64_t splitmix64(uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// [N, channels] float 0/1: θ1 on, each θ2 channel on when the hash of (seed, key, layer,
// channel) falls below keep_probability — the same mask for the same key every time.
torch::Tensor sampleMask(const GateState& state, int64_t channels, int64_t layer) {
  if (!state.keys.defined())
    throw Error(ErrorKind::Execution, "internal: a gated network in mask mode needs the batch's sample keys");
  const torch::Tensor keys = state.keys.to(torch::kCPU, torch::kInt64).contiguous();
  const int64_t n = keys.numel();
  const int64_t kept = channels / 2;
  torch::Tensor mask = torch::zeros({n, channels}, torch::kFloat32);
  float* out = mask.data_ptr<float>();
  const int64_t* key = keys.data_ptr<int64_t>();
  const auto threshold = static_cast<uint64_t>(state.keep_probability * 18446744073709551615.0);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t base = splitmix64(state.seed ^ splitmix64(static_cast<uint64_t>(key[i]) ^
                                                             (static_cast<uint64_t>(layer) << 48)));
    for (int64_t c = 0; c < channels; ++c)
      out[i * channels + c] = (c < kept || splitmix64(base + static_cast<uint64_t>(c)) < threshold) ? 1.0f : 0.0f;
  }
  return mask;
}

}  // namespace

ChannelGate::ChannelGate(std::shared_ptr<GateState> state, int64_t channels, int64_t layer)
    : state_(std::move(state)), channels_(channels), layer_(layer) {}

torch::Tensor ChannelGate::forward(const torch::Tensor& h) {
  if (state_->mode == GateMode::Full) return h;
  std::vector<int64_t> shape(static_cast<size_t>(h.dim()), 1);
  torch::Tensor gate;
  if (state_->mode == GateMode::Drop) {
    shape[1] = channels_;
    gate = torch::zeros({channels_}, h.options());
    gate.slice(0, 0, channels_ / 2).fill_(1.0);
  } else {
    shape[0] = h.size(0);
    shape[1] = channels_;
    gate = sampleMask(*state_, channels_, layer_).to(h.options());
    if (gate.size(0) != h.size(0))
      throw Error(ErrorKind::Execution, "internal: gate keys do not match the batch size");
  }
  return h * gate.reshape(shape);
}

std::shared_ptr<ChannelGate> GatedClassifier::addGate(const std::string& name, int64_t channels) {
  if (pruned_) return nullptr;
  return register_module(name, std::make_shared<ChannelGate>(state_, channels, gate_count_++));
}

GatedClassifier* asGated(Classifier& model) {
  auto* gated = dynamic_cast<GatedClassifier*>(&model);
  return gated && !gated->pruned() ? gated : nullptr;
}

namespace {
using Factory = std::shared_ptr<Classifier> (*)(const InputShape&, bool);
struct GatedArch {
  const char* name;
  Factory make;
};
const std::vector<GatedArch>& gatedArchs() {
  static const std::vector<GatedArch> table = {
      {"cnn_gated", makeCnnGated}, {"resnet20_gated", makeResnet20Gated}, {"resnet9_gated", makeResnet9Gated}};
  return table;
}
}  // namespace

bool isGatedArch(const std::string& arch) {
  for (const auto& entry : gatedArchs())
    if (arch == entry.name) return true;
  return false;
}

std::string gatedArchList() {
  std::string list;
  for (const auto& entry : gatedArchs()) list += (list.empty() ? "" : ", ") + std::string(entry.name);
  return list;
}

std::shared_ptr<Classifier> makeGatedClassifier(const std::string& arch, const InputShape& shape, bool pruned) {
  for (const auto& entry : gatedArchs())
    if (arch == entry.name) return entry.make(shape, pruned);
  throw Error(ErrorKind::Execution, "architecture '" + arch + "' has no channel gates; gated ones: " + gatedArchList());
}

std::shared_ptr<Classifier> makePrunedClassifier(const std::string& arch, const InputShape& shape) {
  return makeGatedClassifier(arch, shape, /*pruned=*/true);
}

void copyLeading(Classifier& from, Classifier& to) {
  torch::NoGradGuard no_grad;
  std::map<std::string, torch::Tensor> target;
  for (const auto& item : to.named_parameters(true)) target[item.key()] = item.value();
  for (const auto& item : to.named_buffers(true)) target[item.key()] = item.value();
  std::vector<std::pair<torch::Tensor, torch::Tensor>> pairs;
  auto match = [&](const std::string& name, const torch::Tensor& source) {
    auto found = target.find(name);
    if (found == target.end() || found->second.dim() != source.dim())
      throw Error(ErrorKind::Execution, "internal: gated and pruned networks differ at '" + name + "'");
    pairs.emplace_back(source, found->second);
    target.erase(found);
  };
  for (const auto& item : from.named_parameters(true)) match(item.key(), item.value());
  for (const auto& item : from.named_buffers(true)) match(item.key(), item.value());
  if (!target.empty()) throw Error(ErrorKind::Execution, "internal: '" + target.begin()->first + "' has no counterpart");
  for (auto& [source, destination] : pairs) {
    torch::Tensor src = source;
    torch::Tensor dst = destination;
    for (int64_t d = 0; d < src.dim(); ++d) {
      const int64_t size = std::min(src.size(d), dst.size(d));
      src = src.narrow(d, 0, size);
      dst = dst.narrow(d, 0, size);
    }
    dst.copy_(src);
  }
}

GateModeScope::GateModeScope(GatedClassifier& model, GateMode mode, torch::Tensor keys)
    : model_(model), previous_mode_(model.gates().mode), previous_keys_(model.gates().keys) {
  model.gates().mode = mode;
  model.gates().keys = std::move(keys);
}

GateModeScope::~GateModeScope() {
  model_.gates().mode = previous_mode_;
  model_.gates().keys = previous_keys_;
}

}  // namespace lethe::ml
