#pragma once
// Models from outside: imported TorchScript classifiers (IMPORT MODEL) and TorchScript
// archives of any classifier (EXPORT MODEL).
//
// An imported network has no constructor in this code base: it is whatever the archive's
// TorchScript code computes. Its Classifier (arch "torchscript") wraps the loaded
// torch::jit::Module and registers every parameter (all trainable) and buffer of it on
// itself — the same tensors, sharing storage, under the same qualified names
// ("features.0.weight") — so optimizers, saliency masks, saveWeights/loadWeights and
// to(device) work unchanged, and train()/eval() reach the TorchScript code's `self.training`.
//
// The weights blob of an imported model's version is the whole TorchScript archive (with
// the current weights), so every stored version is itself a valid .pt file. saveWeights /
// loadWeights dispatch here for such models.
//
// torch/script.h stays inside the .cpp files: this header needs only classifier.hpp.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ml/classifier.hpp"

namespace lethe::ml {

// The architecture name of imported models, as the catalog and SHOW/DESCRIBE MODEL show it.
inline constexpr const char* kTorchScriptArch = "torchscript";

// makeClassifier("torchscript", shape): an empty classifier that loadWeights fills from an
// archive. Its forward throws until then, explaining that such a network cannot be built
// afresh (e.g. wider, as method `be` asks).
std::shared_ptr<Classifier> makeScriptedPlaceholder(const InputShape& shape);

bool isScripted(const Classifier& model);

// The classifier of a TorchScript archive. `origin` names the archive in errors ("'m.pt'").
// Throws lethe::Error(Io) when the bytes are not a TorchScript archive or it has no forward.
std::shared_ptr<Classifier> loadScripted(const std::vector<uint8_t>& archive, const std::string& origin);

// The archive with the current weights, saved in eval mode and with CPU tensors, so that
// torch.jit.load gives an inference-ready module anywhere.
std::vector<uint8_t> saveScriptedWeights(Classifier& model);
// An empty classifier adopts the archive's network; a filled one copies the archive's
// parameters and buffers, which must match its own by name and shape (Error(Execution)).
void loadScriptedWeights(Classifier& model, const std::vector<uint8_t>& archive);

// Draws fresh weights for every parameter of an imported network (retrain starts from
// scratch), from torch's global generator, by torch's default rules as far as a module
// tree of unknown layers allows: parameters with >= 2 dimensions kaiming-uniform with
// a = sqrt(5) (nn.Linear / nn.ConvNd); smaller ones named "...bias..." uniform in
// ±1/sqrt(fan_in) of the weight beside them ("fc.bias" -> "fc.weight"), or zeros without
// one; every other small parameter (norm layers' scales) ones; BatchNorm statistics reset
// (running_mean 0, running_var 1, num_batches_tracked 0). Other buffers keep their values.
void reinitialiseScripted(Classifier& model);

// TorchScript of any classifier. An imported one is its archive; a native one is traced
// (ml/torchscript_export.cpp) in train and in eval mode, so the exported forward honours
// train()/eval() like the original, and the result is checked against the original on a
// batch of another size. Throws Error(Execution) naming the architecture when tracing
// cannot capture it.
std::vector<uint8_t> exportTorchScript(Classifier& model, const std::string& arch, const InputShape& shape);

}  // namespace lethe::ml
