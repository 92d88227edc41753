// EXPORT MODEL for every architecture without knowing any of them: the module tree is
// mirrored as a torch::jit::Module (the same parameter and buffer tensors, the same names),
// and forward is traced with torch::jit::tracer — the C++ core behind torch.jit.trace.
// Tracing records the tensor operations one call performs, so it works for any forward
// written with torch ops, whatever layers the architecture uses.
//
// Two traces make the exported forward behave like the original in both modes:
// forward_train (BatchNorm on batch statistics, updating the running ones) and
// forward_eval; a scripted forward picks one by `self.training`, as Python modules do.
// The result is then loaded back and compared with the original on a batch of another
// size, so an export that baked the batch size into the graph is caught here rather than by
// whoever loads the file.
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/script.h>

#include <cctype>
#include <sstream>

#include "common/error.hpp"
#include "ml/scripted_classifier.hpp"

namespace lethe::ml {
namespace {

using torch::jit::Module;

// "resnet20" -> a valid TorchScript class name part.
std::string className(const std::string& arch) {
  std::string name;
  for (char c : arch) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name.empty() || std::isdigit(static_cast<unsigned char>(name[0])) ? "m_" + name : name;
}

// The jit module tree of an nn::Module tree, holding the very same tensors (so the tracer
// maps every parameter it meets to an attribute access on `self`).
void mirror(torch::nn::Module& from, Module& to, const std::shared_ptr<torch::jit::CompilationUnit>& unit,
            const std::string& type_name) {
  to.register_attribute("training", c10::BoolType::get(), true);
  for (const auto& item : from.named_parameters(/*recurse=*/false)) to.register_parameter(item.key(), item.value(), false);
  for (const auto& item : from.named_buffers(/*recurse=*/false)) to.register_buffer(item.key(), item.value());
  for (const auto& item : from.named_children()) {
    const std::string child_type = type_name + "_" + className(item.key());
    Module child(c10::QualifiedName("__torch__.lethe." + child_type), unit, /*shouldMangle=*/true);
    mirror(*item.value(), child, unit, child_type);
    to.register_module(item.key(), child);
  }
}

// A deterministic input in [0, 1) of `batch` images (no draw from torch's generator).
torch::Tensor probeInput(const InputShape& shape, int64_t batch) {
  const int64_t count = batch * shape.channels * shape.height * shape.width;
  return torch::arange(count, torch::kFloat64).mul(0.6180339887).frac().to(torch::kFloat32)
      .reshape({batch, shape.channels, shape.height, shape.width});
}

// Records one forward of `model` (in its current mode) as method `name` of `script`.
void traceMethod(Classifier& model, Module& script, const std::string& name, const InputShape& shape) {
  torch::NoGradGuard no_grad;
  // Batch 2: BatchNorm in training mode needs more than one value per channel.
  auto traced = torch::jit::tracer::trace(
      {probeInput(shape, 2)},
      [&model](torch::jit::Stack inputs) -> torch::jit::Stack { return {model.forward(inputs.at(0).toTensor())}; },
      [](const torch::autograd::Variable&) { return std::string(); }, /*strict=*/true, /*force_outplace=*/false,
      &script);
  auto* function = script._ivalue()->compilation_unit()->create_function(
      c10::QualifiedName(*script.type()->name(), name), traced.first->graph);
  script.type()->addMethod(function);
}

// Parameters and buffers as they were, for undoing what a training-mode trace changed
// (BatchNorm's running statistics).
std::vector<torch::Tensor> snapshot(Classifier& model) {
  std::vector<torch::Tensor> copies;
  for (const auto& tensor : model.buffers()) copies.push_back(tensor.detach().clone());
  return copies;
}

void restore(Classifier& model, const std::vector<torch::Tensor>& copies) {
  torch::NoGradGuard no_grad;
  auto buffers = model.buffers();
  for (size_t i = 0; i < buffers.size(); ++i) buffers[i].copy_(copies[i]);
}

// The fast dense path of ml/dense.cpp picks its kernel by batch size and reshapes with the
// batch size as a number, which a trace would freeze; with oneDNN off it takes
// nn::Linear's batch-independent path. The setting is restored afterwards.
class OneDnnOff {
 public:
  OneDnnOff() : was_(at::globalContext().userEnabledMkldnn()) { at::globalContext().setUserEnabledMkldnn(false); }
  ~OneDnnOff() { at::globalContext().setUserEnabledMkldnn(was_); }

 private:
  bool was_;
};

std::vector<uint8_t> traceToArchive(Classifier& model, const std::string& arch, const InputShape& shape,
                                    bool with_train) {
  auto unit = std::make_shared<torch::jit::CompilationUnit>();
  const std::string type_name = className(arch);
  Module script(c10::QualifiedName("__torch__.lethe." + type_name), unit, /*shouldMangle=*/true);
  mirror(model, script, unit, type_name);
  {
    OneDnnOff one_dnn_off;
    if (with_train) {
      const std::vector<torch::Tensor> buffers = snapshot(model);
      model.train(true);
      try {
        traceMethod(model, script, "forward_train", shape);
      } catch (...) {
        restore(model, buffers);
        throw;
      }
      restore(model, buffers);
    }
    model.eval();
    traceMethod(model, script, "forward_eval", shape);
  }
  script.define(with_train ? "def forward(self, x):\n"
                             "    if self.training:\n"
                             "        return self.forward_train(x)\n"
                             "    return self.forward_eval(x)\n"
                           : "def forward(self, x):\n"
                             "    return self.forward_eval(x)\n");
  script.eval();
  std::ostringstream out;
  script.save(out);
  const std::string bytes = out.str();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// Does the archive reproduce the model on a batch of 3 (traces used 2) in `training` mode?
// Both see the same random draws (dropout), the model's buffers are restored afterwards.
bool reproduces(Classifier& model, const std::vector<uint8_t>& archive, const InputShape& shape, bool training) {
  torch::NoGradGuard no_grad;
  std::istringstream in(std::string(archive.begin(), archive.end()));
  Module loaded = torch::jit::load(in, torch::Device(torch::kCPU));
  loaded.train(training);
  model.train(training);
  const torch::Tensor x = probeInput(shape, 3);
  const std::vector<torch::Tensor> buffers = snapshot(model);
  torch::manual_seed(0);
  const torch::Tensor expected = model.forward(x);
  restore(model, buffers);
  torch::manual_seed(0);
  const c10::IValue got = loaded.forward({x});
  return got.isTensor() && got.toTensor().sizes().equals(expected.sizes()) &&
         torch::allclose(got.toTensor(), expected, 1e-4, 1e-5);
}

}  // namespace

std::vector<uint8_t> exportTorchScript(Classifier& model, const std::string& arch, const InputShape& shape) {
  if (isScripted(model)) return saveScriptedWeights(model);
  const bool was_training = model.is_training();
  model.to(torch::kCPU);
  try {
    // A forward that cannot be traced in training mode (or whose training trace does not
    // reproduce it, e.g. random ops drawn differently) is exported for inference only, like
    // torch.jit.trace's output: eval-mode behaviour whatever train()/eval() says.
    std::vector<uint8_t> archive;
    bool with_train = true;
    try {
      archive = traceToArchive(model, arch, shape, true);
      with_train = reproduces(model, archive, shape, /*training=*/true);
    } catch (const std::exception&) {
      with_train = false;
    }
    if (!with_train) archive = traceToArchive(model, arch, shape, false);
    if (!reproduces(model, archive, shape, /*training=*/false))
      throw Error(ErrorKind::Execution, "architecture '" + arch +
                                            "' cannot be exported: its traced TorchScript does not reproduce the model "
                                            "on a batch of another size (its forward depends on the batch size in a "
                                            "way tracing cannot capture)");
    model.train(was_training);
    return archive;
  } catch (const c10::Error& error) {
    model.train(was_training);
    const std::string text = error.what_without_backtrace();
    throw Error(ErrorKind::Execution, "architecture '" + arch + "' cannot be exported to TorchScript: " +
                                          text.substr(0, text.find('\n')));
  } catch (...) {
    model.train(was_training);
    throw;
  }
}

}  // namespace lethe::ml
