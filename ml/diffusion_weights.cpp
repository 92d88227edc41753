// The generator's weight format (a torch::save archive of its parameters, by qualified name,
// on the CPU) and the EMA of its parameters that training keeps and stores.
#include <set>

#include "common/error.hpp"
#include "ml/archive_bytes.hpp"
#include "ml/diffusion.hpp"

namespace lethe::ml {
namespace {

std::string shapeText(const torch::Tensor& tensor) {
  std::string text = "[";
  for (int64_t d = 0; d < tensor.dim(); ++d) text += (d ? ", " : "") + std::to_string(tensor.size(d));
  return text + "]";
}

Error mismatch(const std::string& detail) {
  return Error(ErrorKind::Execution, "stored weights do not fit the generator: " + detail);
}

// Runs `read` on the archive of stored generator weights; bytes that are no archive are an
// Execution error that says so.
template <typename Read>
auto readStoredWeights(const std::vector<uint8_t>& bytes, Read&& read) {
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(reinterpret_cast<const char*>(bytes.data()), bytes.size(), torch::Device(torch::kCPU));
    return read(archive);
  } catch (const c10::Error& error) {
    throw Error(ErrorKind::Execution, std::string("stored generator weights cannot be read: ") +
                                          error.what_without_backtrace());
  }
}

}  // namespace

std::vector<uint8_t> saveGeneratorWeights(NoisePredictor& model) {
  torch::serialize::OutputArchive archive;
  for (const auto& item : model.named_parameters(/*recurse=*/true))
    archive.write(item.key(), item.value().detach().to(torch::kCPU));
  return archiveBytes(archive);
}

void loadGeneratorWeights(NoisePredictor& model, const std::vector<uint8_t>& bytes) {
  const auto parameters = model.named_parameters(/*recurse=*/true);
  std::vector<torch::Tensor> stored(parameters.size());
  // Everything is read and checked before the model is touched, so a mismatch leaves it intact.
  readStoredWeights(bytes, [&](torch::serialize::InputArchive& archive) {
    std::set<std::string> expected;
    for (size_t i = 0; i < parameters.size(); ++i) {
      const std::string& name = parameters[i].key();
      const torch::Tensor& target = parameters[i].value();
      expected.insert(name);
      if (!archive.try_read(name, stored[i])) throw mismatch("'" + name + "' is missing");
      if (!stored[i].sizes().equals(target.sizes()) || stored[i].scalar_type() != target.scalar_type())
        throw mismatch("'" + name + "' is " + shapeText(stored[i]) + " in the stored weights but " +
                       shapeText(target) + " in the network (were they trained with other channels?)");
    }
    for (const std::string& key : archive.keys()) {
      if (!expected.count(key)) throw mismatch("unexpected entry '" + key + "'");
    }
  });
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i].value().copy_(stored[i]);
}

int64_t storedParameterCount(const std::vector<uint8_t>& bytes) {
  return readStoredWeights(bytes, [](torch::serialize::InputArchive& archive) {
    int64_t count = 0;
    for (const std::string& key : archive.keys()) {
      torch::Tensor tensor;
      archive.read(key, tensor);
      count += tensor.numel();
    }
    return count;
  });
}

std::shared_ptr<NoisePredictor> loadNoisePredictor(const GeneratorConfig& config, const std::vector<uint8_t>& bytes,
                                                   const torch::Device& device) {
  std::shared_ptr<NoisePredictor> model = makeNoisePredictor(config);
  loadGeneratorWeights(*model, bytes);
  model->to(device);
  return model;
}

EmaWeights::EmaWeights(NoisePredictor& model, double decay) : decay_(decay) {
  if (!(decay >= 0.0 && decay < 1.0)) throw Error(ErrorKind::Execution, "ema_decay must be in [0, 1)");
  for (const auto& parameter : model.parameters(/*recurse=*/true)) shadow_.push_back(parameter.detach().clone());
}

void EmaWeights::update(NoisePredictor& model) {
  torch::NoGradGuard no_grad;
  ++updates_;
  const double decay = std::min(decay_, double(1 + updates_) / double(10 + updates_));
  const auto parameters = model.parameters(/*recurse=*/true);
  checkSameNetwork(parameters);
  for (size_t i = 0; i < parameters.size(); ++i) shadow_[i].lerp_(parameters[i].detach(), 1.0 - decay);
}

void EmaWeights::copyTo(NoisePredictor& model) const {
  torch::NoGradGuard no_grad;
  const auto parameters = model.parameters(/*recurse=*/true);
  checkSameNetwork(parameters);
  for (size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(shadow_[i]);
}

void EmaWeights::checkSameNetwork(const std::vector<torch::Tensor>& parameters) const {
  bool same = parameters.size() == shadow_.size();
  for (size_t i = 0; same && i < parameters.size(); ++i) same = parameters[i].sizes().equals(shadow_[i].sizes());
  if (!same) throw Error(ErrorKind::Execution, "EMA weights belong to another network");
}

}  // namespace lethe::ml
