#pragma once
// The torch-free face of the executors: what the engine hands to the operators and what
// comes back. Everything behind these functions (ml/, executors/*.cpp) may use torch;
// nothing that includes this header has to.
//
// All functions throw lethe::Error (ErrorKind::Io for unreadable data files,
// ErrorKind::Execution for failures while running, ErrorKind::Interrupted on cancel).
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/options.hpp"

namespace lethe::exec {

using Bytes = std::vector<uint8_t>;

struct Progress {
  std::string op;      // "train", "saliency", "salun", "retrain", "evaluate", ...
  int64_t done = 0;    // units done (batches)
  int64_t total = 0;   // units in all (0 when unknown)
  std::string detail;  // e.g. "epoch 2/8 loss 0.412"
};

struct ExecutionContext {
  std::string device = "auto";  // "auto" | "cpu" | "cuda"
  int threads = 0;              // 0 = hardware concurrency
  uint64_t seed = 0;            // engine-wide default seed (SET seed)
  std::function<void(const Progress&)> progress;  // may be empty
  const std::atomic<bool>* cancel = nullptr;      // may be null
};

// How to materialise a dataset. The binder flattens subsets: `path`/`format` name the root
// files; when train_ids/test_ids are present they select (in order) the rows of the root's
// training/test split that make up this dataset.
struct DatasetSource {
  std::string format;  // "idx" (BUILTIN 'fashion-mnist' is idx files in a known directory)
  std::string path;    // directory holding train-images-idx3-ubyte[.gz] etc.
  std::optional<std::vector<int64_t>> train_ids;
  std::optional<std::vector<int64_t>> test_ids;
  int64_t num_classes = 10;
  int64_t channels = 1;
  int64_t height = 28;
  int64_t width = 28;
};

// What CREATE DATASET learns by reading the files once (and validates).
struct DatasetProbe {
  int64_t num_train = 0;
  int64_t num_test = 0;
  int64_t num_classes = 0;  // max label + 1
  int64_t channels = 1;
  int64_t height = 0;
  int64_t width = 0;
  std::string content_hash;  // SHA-256 over the files' bytes
};

// The forget set as the operators see it.
struct ForgetSetSpec {
  std::vector<int64_t> ids;      // indices into the dataset's training split (sorted, unique)
  std::vector<int64_t> classes;  // class-wise forgetting: the forgotten classes; TA then
                                 // excludes them from the test set
};

struct TrainRequest {
  DatasetSource dataset;
  std::string arch;      // "mlp", "cnn", "resnet20"
  OptionValues recipe;   // resolved: epochs, lr, batch_size, seed, momentum, weight_decay
  std::vector<int64_t> exclude_ids;  // training rows left out (retrain on D_r)
};

struct TrainOutcome {
  Bytes weights;                          // serialised parameters and buffers
  std::map<std::string, double> metrics;  // "train_acc", "test_acc" (percent)
  int64_t parameters = 0;
  double seconds = 0.0;
  double images_per_second = 0.0;
};

struct ForgetRequest {
  DatasetSource dataset;
  std::string arch;
  OptionValues recipe;   // the model's original training recipe (retrain uses it)
  Bytes weights;         // θ_o
  ForgetSetSpec forget;
  std::string method;    // "salun", "retrain", ...
  OptionValues options;  // resolved method options (epochs, lr, batch_size, seed, ...)
  std::optional<double> threshold;  // saliency fraction kept (methods that take a mask)
  std::optional<Bytes> mask;        // a stored mask to reuse instead of computing one
  std::vector<std::string> metrics; // "ua", "ra", "ta", "mia" — evaluated on the result
};

struct ForgetOutcome {
  Bytes weights;                          // θ_u
  std::optional<Bytes> mask;              // the mask used (computed or reused)
  bool mask_computed = false;
  std::map<std::string, double> metrics;  // the requested metrics
  double mask_seconds = 0.0;
  double unlearn_seconds = 0.0;
  double evaluate_seconds = 0.0;
};

struct EvaluateRequest {
  DatasetSource dataset;
  std::string arch;
  Bytes weights;
  std::optional<ForgetSetSpec> forget;  // needed by ua, ra, mia; ta honours its classes
  std::vector<std::string> metrics;     // "ua", "ra", "ta", "mia"
};

struct EvaluateOutcome {
  std::map<std::string, double> metrics;
  double seconds = 0.0;
};

DatasetProbe probeDataset(const std::string& format, const std::string& path);
TrainOutcome train(const TrainRequest& request, const ExecutionContext& context);
ForgetOutcome forget(const ForgetRequest& request, const ExecutionContext& context);
EvaluateOutcome evaluate(const EvaluateRequest& request, const ExecutionContext& context);

// The training rows (sorted) whose label is one of `classes` — a class-wise forget set.
std::vector<int64_t> trainIndicesOfClasses(const DatasetSource& dataset, const std::vector<int64_t>& classes);

// Number of trainable parameters of an architecture for a dataset shape (DESCRIBE, EXPLAIN).
int64_t parameterCount(const std::string& arch, const DatasetSource& dataset);

// True when this LibTorch build can use CUDA and a device is present.
bool cudaAvailable();

// Sets the intra-op thread count (0 = hardware concurrency).
void setThreads(int threads);

}  // namespace lethe::exec
