// makeClassifier dispatch and the weight format shared by every architecture.
#include "ml/classifier.hpp"

#include <functional>
#include <map>
#include <set>

#include "common/error.hpp"
#include "common/suggest.hpp"
#include "ml/archive_bytes.hpp"
#include "ml/archs.hpp"
#include "ml/scripted_classifier.hpp"

namespace lethe::ml {
namespace {

using Factory = std::function<std::shared_ptr<Classifier>(const InputShape&)>;

// The same names as the planner's architecture registry (which is torch-free and lists them
// for SHOW ARCHS); this table is where each name gets its implementation.
const std::map<std::string, Factory>& factories() {
  static const std::map<std::string, Factory> table = {
      {"mlp", makeMlp}, {"cnn", makeCnn}, {"resnet20", makeResnet20},
      {"resnet18", makeResnet18}, {"vgg16_bn", makeVgg16Bn},
      {"cnn_gated", [](const InputShape& s) { return makeCnnGated(s, false); }},
      {"resnet20_gated", [](const InputShape& s) { return makeResnet20Gated(s, false); }},
      {"resnet9_gated", [](const InputShape& s) { return makeResnet9Gated(s, false); }},
      // Imported models: empty until loadWeights gives it the archive (scripted_classifier.hpp).
      {kTorchScriptArch, makeScriptedPlaceholder}};
  return table;
}

struct StateEntry {
  std::string name;
  torch::Tensor tensor;
  bool is_buffer = false;
};

// Parameters then buffers, by qualified name ("fc1.weight", "blocks.0.bn1.running_mean").
std::vector<StateEntry> namedState(Classifier& model) {
  std::vector<StateEntry> state;
  for (const auto& item : model.named_parameters(/*recurse=*/true)) state.push_back({item.key(), item.value(), false});
  for (const auto& item : model.named_buffers(/*recurse=*/true)) state.push_back({item.key(), item.value(), true});
  return state;
}

std::string shapeText(const torch::Tensor& tensor) {
  std::string text = "[";
  for (int64_t d = 0; d < tensor.dim(); ++d) text += (d ? ", " : "") + std::to_string(tensor.size(d));
  return text + "]";
}

Error mismatch(const std::string& detail) {
  return Error(ErrorKind::Execution, "stored weights do not fit the architecture: " + detail);
}

// Reads the entry for every parameter and buffer of `state` and checks its shape and type;
// anything else in the archive is an error too.
std::vector<torch::Tensor> readMatchingState(torch::serialize::InputArchive& archive,
                                             const std::vector<StateEntry>& state) {
  std::set<std::string> expected;
  std::vector<torch::Tensor> stored(state.size());
  for (size_t i = 0; i < state.size(); ++i) {
    const auto& [name, target, is_buffer] = state[i];
    expected.insert(name);
    if (!archive.try_read(name, stored[i], is_buffer)) throw mismatch("'" + name + "' is missing");
    if (!stored[i].sizes().equals(target.sizes()) || stored[i].scalar_type() != target.scalar_type())
      throw mismatch("'" + name + "' is " + shapeText(stored[i]) + " in the stored weights but " +
                     shapeText(target) + " in the model");
  }
  for (const std::string& key : archive.keys()) {
    if (!expected.count(key)) throw mismatch("unexpected entry '" + key + "'");
  }
  return stored;
}

}  // namespace

std::shared_ptr<Classifier> makeClassifier(const std::string& arch, const InputShape& shape) {
  auto found = factories().find(arch);
  if (found == factories().end()) {
    std::vector<std::string> names;
    for (const auto& entry : factories()) names.push_back(entry.first);
    throw Error(ErrorKind::Execution, unknownNameMessage("architecture", arch, names));
  }
  if (shape.channels < 1 || shape.height < 4 || shape.width < 4 || shape.classes < 2)
    throw Error(ErrorKind::Execution, "cannot build '" + arch + "' for " + std::to_string(shape.channels) + "x" +
                                          std::to_string(shape.height) + "x" + std::to_string(shape.width) +
                                          " images with " + std::to_string(shape.classes) + " classes");
  return found->second(shape);
}

// A flat archive: one entry per parameter or buffer under its qualified name, always on the
// CPU so weights written on an accelerator load anywhere.
std::vector<uint8_t> saveWeights(Classifier& model) {
  if (isScripted(model)) return saveScriptedWeights(model);  // the whole TorchScript archive
  torch::serialize::OutputArchive archive;
  for (const StateEntry& entry : namedState(model))
    archive.write(entry.name, entry.tensor.detach().to(torch::kCPU), entry.is_buffer);
  return archiveBytes(archive);
}

void loadWeights(Classifier& model, const std::vector<uint8_t>& bytes) {
  if (isScripted(model)) return loadScriptedWeights(model, bytes);
  const std::vector<StateEntry> state = namedState(model);
  std::vector<torch::Tensor> stored;
  // Everything is read and checked before the model is touched, so a mismatch leaves it intact.
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(reinterpret_cast<const char*>(bytes.data()), bytes.size(), torch::Device(torch::kCPU));
    stored = readMatchingState(archive, state);
  } catch (const c10::Error& error) {
    throw Error(ErrorKind::Execution, std::string("stored weights cannot be read: ") + error.what_without_backtrace());
  }
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < state.size(); ++i) state[i].tensor.copy_(stored[i]);
}

int64_t countParameters(const Classifier& model) {
  int64_t count = 0;
  for (const auto& parameter : model.parameters(/*recurse=*/true)) {
    if (parameter.requires_grad()) count += parameter.numel();
  }
  return count;
}

}  // namespace lethe::ml
