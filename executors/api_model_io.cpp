// Models from outside: IMPORT MODEL reads a TorchScript classifier and checks it against the
// dataset before anything is stored; EXPORT MODEL writes any stored version as TorchScript.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/metrics.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"
#include "ml/device.hpp"
#include "ml/diffusion.hpp"
#include "ml/gates.hpp"
#include "ml/scripted_classifier.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string& path) { return "'" + path + "'"; }

std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

Bytes readFile(const std::string& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) throw Error(ErrorKind::Io, "model file " + quoted(path) + " is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::Io, "cannot read model file " + quoted(path) + ": " + std::strerror(errno));
  Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ErrorKind::Io, "cannot read model file " + quoted(path) + ": " + std::strerror(errno));
  return bytes;
}

std::string shapeText(const torch::Tensor& tensor) {
  std::string text = "[";
  for (int64_t d = 0; d < tensor.dim(); ++d) text += (d ? ", " : "") + std::to_string(tensor.size(d));
  return text + "]";
}

// One real image of the dataset (the first test image, else the first training image)
// through the imported forward: it must give logits [1, num_classes].
void checkOnDatasetImage(ml::Classifier& model, const ml::Dataset& data, const DatasetSource& source,
                         const std::string& path) {
  const ml::Split& split = data.test.size() > 0 ? data.test : data.train;
  const std::string image = std::to_string(source.channels) + "x" + std::to_string(source.height) + "x" +
                            std::to_string(source.width);
  torch::NoGradGuard no_grad;
  torch::Tensor logits;
  try {
    logits = model.forward(ml::toInput(split.images.slice(0, 0, 1), torch::kCPU));
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    const std::string text = dynamic_cast<const c10::Error*>(&error)
                                 ? static_cast<const c10::Error&>(error).what_without_backtrace()
                                 : error.what();
    throw Error(ErrorKind::Execution, "model file " + quoted(path) + " fails on a " + image +
                                          " image of the dataset: " + firstLine(text));
  }
  if (logits.dim() != 2 || logits.size(0) != 1 || logits.size(1) != data.num_classes)
    throw Error(ErrorKind::Execution, "model file " + quoted(path) + " returns logits of shape " + shapeText(logits) +
                                          " for one " + image + " image, but the dataset has " +
                                          std::to_string(data.num_classes) + " classes (expected [1, " +
                                          std::to_string(data.num_classes) + "])");
  if (!logits.is_floating_point())
    throw Error(ErrorKind::Execution, "model file " + quoted(path) + " returns " +
                                          std::string(c10::toString(logits.scalar_type())) +
                                          " values, not floating-point logits");
}

// Where the temporary file goes: beside the target, so the final rename stays on one file system.
std::string temporaryBeside(const std::string& path) { return path + ".tmp-export"; }

void writeFileAtomically(const std::string& named, const Bytes& bytes) {
  std::error_code error;
  // Checked again here (the binder did too): the rename below replaces what is at the target,
  // so only a regular file may be there. A link to one is followed, so the link survives and
  // the file it names is the one replaced.
  const fs::file_status status = fs::status(named, error);
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw Error(ErrorKind::Io, "cannot write " + quoted(named) + ": it exists and is not a regular file");
  const std::string path = fs::is_symlink(fs::symlink_status(named, error)) ? fs::canonical(named, error).string() : named;
  if (path.empty()) throw Error(ErrorKind::Io, "cannot write " + quoted(named) + ": " + error.message());
  const std::string temporary = temporaryBeside(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::Io, "cannot write " + quoted(path) + ": " + std::strerror(errno));
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      const std::string reason = std::strerror(errno);
      std::remove(temporary.c_str());
      throw Error(ErrorKind::Io, "cannot write " + quoted(path) + ": " + reason);
    }
  }
  fs::rename(temporary, path, error);
  if (error) {
    std::remove(temporary.c_str());
    throw Error(ErrorKind::Io, "cannot write " + quoted(path) + ": " + error.message());
  }
}

ml::InputShape shapeOf(const DatasetSource& source) {
  return {source.channels, source.height, source.width, source.num_classes};
}

}  // namespace

ImportOutcome importModel(const std::string& path, const DatasetSource& dataset, const ExecutionContext& context) {
  const auto start = std::chrono::steady_clock::now();
  setThreads(context.threads);
  const Bytes file = readFile(path);
  const std::shared_ptr<ml::Classifier> model = ml::loadScripted(file, "model file " + quoted(path));
  model->eval();
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(dataset);
  checkOnDatasetImage(*model, *data, dataset, path);

  ImportOutcome outcome;
  ml::checkCancelled(context);
  const torch::Device device = ml::resolveDevice(context.device);
  model->to(device);
  outcome.metrics["test_acc"] = ml::accuracy(*model, data->test, reportedTestRows(*data), device);
  model->to(torch::kCPU);
  outcome.weights = ml::saveWeights(*model);
  outcome.parameters = ml::countParameters(*model);
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

int64_t exportModel(const std::string& arch, const DatasetSource& dataset, const Bytes& weights,
                    const std::string& path) {
  const ml::InputShape shape = shapeOf(dataset);
  std::shared_ptr<ml::Classifier> model = ml::makeClassifier(arch, shape);
  ml::loadWeights(*model, weights);
  if (ml::isGatedArch(arch)) {
    // The deployed model of a gated network is its drop mode, which the θ1-only twin computes
    // exactly: θ2 is pruned away physically (fewer channels, the same predictions).
    std::shared_ptr<ml::Classifier> pruned = ml::makePrunedClassifier(arch, shape);
    ml::copyLeading(*model, *pruned);
    model = pruned;
  }
  const Bytes archive = ml::exportTorchScript(*model, arch, shape);
  writeFileAtomically(path, archive);
  return static_cast<int64_t>(archive.size());
}

int64_t parameterCount(const std::string& arch, const DatasetSource& dataset, const Bytes& weights) {
  // A generator's network follows its recipe (resolution, channels): count what was stored.
  if (isGeneratorArch(arch)) return ml::storedParameterCount(weights);
  std::shared_ptr<ml::Classifier> model = ml::makeClassifier(arch, shapeOf(dataset));
  ml::loadWeights(*model, weights);
  return ml::countParameters(*model);
}

}  // namespace lethe::exec
