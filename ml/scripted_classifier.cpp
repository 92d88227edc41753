// The Classifier of an imported TorchScript module: the jit module's own parameter and
// buffer tensors registered on an nn::Module tree of the same shape (see the header).
#include "ml/scripted_classifier.hpp"

#include <torch/script.h>

#include <cmath>
#include <optional>
#include <sstream>
#include <unordered_set>

#include "common/error.hpp"

namespace lethe::ml {
namespace {

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string shapeText(const torch::Tensor& tensor) {
  std::string text = "[";
  for (int64_t d = 0; d < tensor.dim(); ++d) text += (d ? ", " : "") + std::to_string(tensor.size(d));
  return text + "]";
}

class ScriptedClassifier : public Classifier {
 public:
  explicit ScriptedClassifier(const InputShape& shape) : shape_(shape) {}

  bool empty() const { return !script_; }
  torch::jit::Module& script() { return *script_; }

  // Takes the module's network: registers its parameters and buffers here (shared tensors).
  void adopt(torch::jit::Module module) {
    // Modules built in C++ may lack `training`, which torch::jit::Module::train() requires
    // in every submodule; Python always defines it.
    for (torch::jit::Module sub : module.modules()) {
      if (!sub.type()->hasAttribute("training")) sub.register_attribute("training", c10::BoolType::get(), true);
    }
    // A tensor shared by two submodules (tied weights) is registered once, so an optimizer
    // does not step it twice.
    std::unordered_set<const c10::TensorImpl*> seen;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) {
      if (seen.insert(item.value.unsafeGetTensorImpl()).second) registerAt(item.name, item.value, /*is_buffer=*/false);
    }
    for (const auto& item : module.named_buffers(/*recurse=*/true)) {
      if (seen.insert(item.value.unsafeGetTensorImpl()).second) registerAt(item.name, item.value, /*is_buffer=*/true);
    }
    script_ = std::move(module);
    script_->train(is_training());
  }

  torch::Tensor forward(const torch::Tensor& x) override {
    if (!script_)
      throw Error(ErrorKind::Execution,
                  "an imported TorchScript model (arch 'torchscript') exists only as its stored archive and cannot be "
                  "built afresh with " + std::to_string(shape_.classes) +
                      " outputs (methods that widen the output layer, such as be, do not apply to it)");
    const c10::IValue out = script_->forward({x});
    if (!out.isTensor())
      throw Error(ErrorKind::Execution,
                  std::string("the TorchScript forward returned a ") + out.tagKind() + ", not a tensor of logits");
    return out.toTensor();
  }

  void train(bool on = true) override {
    Classifier::train(on);
    if (script_) script_->train(on);
  }

 private:
  // "features.0.weight": holder modules "features" -> "0", then the tensor "weight", so
  // named_parameters() gives back the TorchScript names (nn::Module names may not hold dots).
  void registerAt(const std::string& qualified, const torch::Tensor& tensor, bool is_buffer) {
    torch::nn::Module* node = this;
    size_t begin = 0;
    for (size_t dot = qualified.find('.'); dot != std::string::npos; dot = qualified.find('.', begin)) {
      const std::string part = qualified.substr(begin, dot - begin);
      auto children = node->named_children();
      std::shared_ptr<torch::nn::Module> child = children.contains(part) ? children[part] : nullptr;
      if (!child) child = node->register_module(part, std::make_shared<torch::nn::Module>());
      node = child.get();
      begin = dot + 1;
    }
    const std::string leaf = qualified.substr(begin);
    if (is_buffer) node->register_buffer(leaf, tensor);
    // Every parameter is trainable, whatever flag the archive kept (a module assembled in
    // C++ saves plain tensors): the methods update the whole network, as for native models.
    else node->register_parameter(leaf, tensor, /*requires_grad=*/true);
  }

  InputShape shape_;
  std::optional<torch::jit::Module> script_;
};

ScriptedClassifier& scripted(Classifier& model) {
  auto* found = dynamic_cast<ScriptedClassifier*>(&model);
  if (!found) throw std::logic_error("not an imported TorchScript classifier");
  return *found;
}

torch::jit::Module readArchive(const std::vector<uint8_t>& archive, const std::string& origin) {
  std::istringstream in(std::string(archive.begin(), archive.end()));
  torch::jit::Module module;
  try {
    module = torch::jit::load(in, torch::Device(torch::kCPU));
  } catch (const c10::Error& error) {
    throw Error(ErrorKind::Io, origin + " is not a TorchScript archive (save the model with torch.jit.save): " +
                                   firstLine(error.what_without_backtrace()));
  } catch (const std::exception& error) {
    throw Error(ErrorKind::Io, origin + " is not a TorchScript archive (save the model with torch.jit.save): " +
                                   firstLine(error.what()));
  }
  if (!module.find_method("forward"))
    throw Error(ErrorKind::Io, origin + " is a TorchScript archive without a forward method; IMPORT MODEL needs a "
                                        "module whose forward(x) returns the logits");
  return module;
}

struct StateItem {
  std::string name;
  torch::Tensor tensor;
};

std::vector<StateItem> stateOf(Classifier& model) {
  std::vector<StateItem> state;
  for (const auto& item : model.named_parameters(/*recurse=*/true)) state.push_back({item.key(), item.value()});
  for (const auto& item : model.named_buffers(/*recurse=*/true)) state.push_back({item.key(), item.value()});
  return state;
}

Error mismatch(const std::string& detail) {
  return Error(ErrorKind::Execution, "stored weights do not fit the imported network: " + detail);
}

std::string leafOf(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

}  // namespace

std::shared_ptr<Classifier> makeScriptedPlaceholder(const InputShape& shape) {
  return std::make_shared<ScriptedClassifier>(shape);
}

bool isScripted(const Classifier& model) { return dynamic_cast<const ScriptedClassifier*>(&model) != nullptr; }

std::shared_ptr<Classifier> loadScripted(const std::vector<uint8_t>& archive, const std::string& origin) {
  auto model = std::make_shared<ScriptedClassifier>(InputShape{});
  model->adopt(readArchive(archive, origin));
  return model;
}

std::vector<uint8_t> saveScriptedWeights(Classifier& model) {
  torch::jit::Module& script = scripted(model).script();
  // Saved in eval mode, from the CPU; the model is put back as it was, even on an error.
  const bool was_training = model.is_training();
  const auto parameters = model.parameters();
  const torch::Device device = parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
  std::ostringstream out;
  try {
    model.to(torch::kCPU);
    script.train(false);
    script.save(out);
  } catch (...) {
    model.to(device);
    script.train(was_training);
    throw;
  }
  model.to(device);
  script.train(was_training);
  const std::string bytes = out.str();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

void loadScriptedWeights(Classifier& model, const std::vector<uint8_t>& archive) {
  ScriptedClassifier& target = scripted(model);
  torch::jit::Module loaded = readArchive(archive, "the stored weights");
  if (target.empty()) {
    target.adopt(std::move(loaded));
    return;
  }
  // Everything is read and checked before the model is touched, so a mismatch leaves it intact.
  auto source = std::make_shared<ScriptedClassifier>(InputShape{});
  source->adopt(std::move(loaded));
  const std::vector<StateItem> have = stateOf(target);
  const std::vector<StateItem> stored = stateOf(*source);
  if (have.size() != stored.size())
    throw mismatch(std::to_string(stored.size()) + " stored tensors but " + std::to_string(have.size()) +
                   " in the model");
  for (size_t i = 0; i < have.size(); ++i) {
    if (have[i].name != stored[i].name) throw mismatch("'" + stored[i].name + "' where '" + have[i].name + "' belongs");
    if (!have[i].tensor.sizes().equals(stored[i].tensor.sizes()) ||
        have[i].tensor.scalar_type() != stored[i].tensor.scalar_type())
      throw mismatch("'" + have[i].name + "' is " + shapeText(stored[i].tensor) + " in the stored weights but " +
                     shapeText(have[i].tensor) + " in the model");
  }
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < have.size(); ++i) have[i].tensor.copy_(stored[i].tensor);
}

void reinitialiseScripted(Classifier& model) {
  scripted(model);  // checks the kind
  torch::NoGradGuard no_grad;
  const auto parameters = model.named_parameters(/*recurse=*/true);
  for (const auto& item : parameters) {
    torch::Tensor tensor = item.value();
    const std::string leaf = leafOf(item.key());
    if (tensor.dim() >= 2) {
      torch::nn::init::kaiming_uniform_(tensor, std::sqrt(5.0));
    } else if (leaf.find("bias") != std::string::npos) {
      // The weight beside it: "fc.bias" -> "fc.weight", "fc_bias" -> "fc_weight".
      std::string weight_name = item.key();
      weight_name.replace(weight_name.rfind("bias"), 4, "weight");
      const torch::Tensor* weight = parameters.find(weight_name);
      if (weight && weight->dim() >= 2) {
        const double fan_in = double(weight->numel() / weight->size(0));
        const double bound = 1.0 / std::sqrt(fan_in);
        tensor.uniform_(-bound, bound);
      } else {
        tensor.zero_();
      }
    } else {
      // Scales (norm layers' weights, learned temperatures): one, the identity. Zero would
      // cut the signal and, behind a ReLU, every gradient with it.
      tensor.fill_(1.0);
    }
  }
  for (const auto& item : model.named_buffers(/*recurse=*/true)) {
    const std::string leaf = leafOf(item.key());
    if (leaf == "running_mean" || leaf == "num_batches_tracked") item.value().zero_();
    else if (leaf == "running_var") item.value().fill_(1);
  }
}

}  // namespace lethe::ml
