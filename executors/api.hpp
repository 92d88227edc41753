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

// A corrupted dataset's recipe (CORRUPT DATASET, METHODS.md "REM"), applied by the loader
// to the training split after the train_ids selection: poison stamps a 3x3 patch of the
// maximum pixel value into the bottom-right corner of `count` seeded random rows not of
// class `target` and relabels them `target`; swap relabels the first count/2 rows of class
// a as b and of b as a; random gives `count` seeded random rows a uniformly random wrong label.
struct CorruptionSpec {
  std::string kind;              // "poison", "swap", "random"
  int64_t count = 0;
  int64_t target = -1;           // poison
  std::vector<int64_t> classes;  // swap: {a, b}
  uint64_t seed = 1;
  // The rows the recipe corrupts (ascending) and their true labels, as the catalog stored
  // them; the loader checks that regenerating gives the same. Empty while creating.
  std::vector<int64_t> rows;
  std::vector<int64_t> true_labels;
};

// How to materialise a dataset. The binder flattens subsets: `path`/`format` name the root
// files; when train_ids/test_ids are present they select (in order) the rows of the root's
// training/test split that make up this dataset.
struct DatasetSource {
  std::string format;  // "idx", "cifar10", "cifar100", "folder" (BUILTIN 'fashion-mnist' is idx)
  std::string path;    // the dataset directory (train-images-idx3-ubyte[.gz], data_batch_1.bin, train/, ...)
  // The files' SHA-256 as CREATE DATASET recorded it: loading checks the files against it
  // ("" for catalogs that recorded none).
  std::string content_hash;
  std::optional<std::vector<int64_t>> train_ids;
  std::optional<std::vector<int64_t>> test_ids;
  std::optional<CorruptionSpec> corruption;  // CORRUPT DATASET: applied after train_ids
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
  std::vector<std::string> class_names;  // named by the files (CIFAR meta, folder names);
                                         // empty when the format names none (idx)
};

// The forget set as the operators see it.
struct ForgetSetSpec {
  std::vector<int64_t> ids;      // indices into the dataset's training split (sorted, unique)
  std::vector<int64_t> classes;  // class-wise forgetting: the forgotten classes; TA then
                                 // excludes them from the test set
};

struct TrainRequest {
  DatasetSource dataset;
  std::string arch;      // "mlp", "cnn", "resnet20", "resnet18", "vgg16_bn"
  OptionValues recipe;   // resolved: epochs, lr, batch_size, seed, momentum, weight_decay,
                         // schedule, gamma, step_size, augment (absent ones: cosine, no augment)
  std::vector<int64_t> exclude_ids;  // training rows left out (retrain on D_r)
  // arch "torchscript" (an imported model) only: a stored archive whose network is trained
  // afresh, every weight re-initialised (ml/scripted_classifier.hpp); such a network has no
  // constructor here.
  Bytes network;
};

struct TrainOutcome {
  Bytes weights;                          // serialised parameters and buffers
  std::map<std::string, double> metrics;  // "train_acc", "test_acc" (percent)
  int64_t parameters = 0;
  double seconds = 0.0;
  double images_per_second = 0.0;
  // Accuracy (percent) on a draw of the calibration split after each epoch: the model's
  // learning curve, from which calibration estimates what a retrain on fewer rows reaches.
  std::vector<double> heldout_curve;
};

// Calibration (docs/calibration.md): before the method runs, short trials on a subsample of
// the forget and retain sets choose the options the user left unset, each scored by a
// retrain-free criterion on a calibration split of the test rows (which TA never reads).
// The calibration split: this share of a dataset's test rows (a seeded draw, the same for every
// statement) is held out for calibration's criterion; TA, class_acc and the MIA attack read
// only the other test rows. Calibration refuses to score on fewer held-out rows than the minimum.
constexpr double kCalibrationShare = 0.2;
constexpr int64_t kMinCalibrationRows = 20;

struct CalibrationRequest {
  bool lr = false;          // choose the learning rate, in [lr_min, lr_max]
  double lr_min = 0.0;
  double lr_max = 0.0;
  bool epochs = false;      // choose the epochs, in 1..max_epochs, from per-epoch checkpoints
  int64_t max_epochs = 0;
  double budget = 0.25;     // calibration + unlearning at most this share of an estimated retrain
  // Seconds the model's recipe took to train (its CREATE MODEL run), when known: the retrain
  // the cost is reported against is this, scaled to the retain rows; else it is timed.
  std::optional<double> training_seconds;
  // The held-out accuracy after each epoch of that run (its learning curve), when known: a
  // retrain trains the same epochs over fewer rows, so fewer steps, and the curve tells how
  // much accuracy that costs (estimateRetrainShortfall). Empty: the retrain is assumed to
  // keep the original's accuracy (imported models, models trained before curves were kept).
  std::vector<double> learning_curve;
  bool epoch_reads_forget = true;  // what one epoch of the method trains on (its cost)
  bool epoch_reads_retain = true;

  // Whether `lr` lies in [lr_min, lr_max] (up to rounding of the ladder's products).
  bool rateInRange(double lr) const { return lr >= lr_min * (1 - 1e-9) && lr <= lr_max * (1 + 1e-9); }
};

// One scored point of the search. The criterion estimates the Avg. Gap to a retrain: the mean
// of |forget acc - target| (held-out accuracy of the original; 0 class-wise), the retain and
// held-out accuracy lost against the original, and the membership gap: how far D_f's
// true-label confidences are from a retrain's (docs/calibration.md). All in percent.
struct CalibrationTrial {
  double lr = 0.0;
  int64_t epochs = 0;       // 0: the original model
  double score = 0.0;
  double forget_acc = 0.0;
  double retain_acc = 0.0;
  double heldout_acc = 0.0;
  double membership_gap = 0.0;
  bool full_data = false;   // a run on the full forget and retain sets, not on the subsample
};

struct CalibrationReport {
  OptionValues chosen;                     // the options calibration set: lr and/or epochs
  std::vector<CalibrationTrial> trials;    // every checkpoint scored, in the order run
  CalibrationTrial original;               // the criterion on θ_o
  std::optional<CalibrationTrial> result;  // on the unlearned model (its full forget and retain rows)
  int64_t proxy_forget_rows = 0;           // the subsample the trials ran on
  int64_t proxy_retain_rows = 0;
  int64_t proxy_batch_size = 0;
  int64_t heldout_rows = 0;                // the calibration split
  double retrain_shortfall = 0.0;          // accuracy points a retrain is expected to lose (targets)
  double budget_rows = 0.0;                // the budget and what the search spent of it, in rows
  double spent_rows = 0.0;                 // trained on (a forward-only row counts a third)
  double full_epoch_rows = 0.0;            // rows one epoch of the method trains on the full sets
  double seconds = 0.0;                    // calibration's own time
  double retrain_seconds = 0.0;            // the retrain it is measured against (estimated from the recipe)
  std::string note;                        // why the search stopped where it did

  // "epochs=1 lr=0.0012 (7 checkpoints, 9% of a retrain)" for result rows.
  std::string summary(double unlearn_seconds) const;
  std::string toJson() const;
};

// The learning curve as a training run stores it (runs.calibration_json of a CREATE MODEL run:
// what calibration later reads from that run), and back; "" / empty when there is none.
std::string learningCurveJson(const std::vector<double>& heldout_curve);
std::vector<double> learningCurveFromJson(const std::string& json);

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
  std::optional<CalibrationRequest> calibration;  // options to choose before running the method
};

struct ForgetOutcome {
  Bytes weights;                          // θ_u
  std::optional<Bytes> mask;              // the mask used (computed or reused)
  bool mask_computed = false;
  std::map<std::string, double> metrics;  // the requested metrics
  double mask_seconds = 0.0;
  double unlearn_seconds = 0.0;
  double evaluate_seconds = 0.0;
  std::optional<CalibrationReport> calibration;  // what calibration chose and why
  OptionValues options;                          // the options the method ran with (calibrated ones set)
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

// IMPORT MODEL: a TorchScript classifier (torch.jit.save) read from `path` and checked on
// one real image of the dataset: forward must return logits [1, num_classes].
struct ImportOutcome {
  Bytes weights;                          // the archive as stored: CPU tensors, eval mode
  std::map<std::string, double> metrics;  // "test_acc" (percent, the dataset's test split)
  int64_t parameters = 0;
  double seconds = 0.0;
};
ImportOutcome importModel(const std::string& path, const DatasetSource& dataset, const ExecutionContext& context);

// EXPORT MODEL: a stored version as a TorchScript file that torch.jit.load reads. Imported
// models write their archive; native architectures are traced. Written to a temporary file
// beside `path` and renamed, so a failure leaves no partial file. Returns the bytes written.
int64_t exportModel(const std::string& arch, const DatasetSource& dataset, const Bytes& weights,
                    const std::string& path);

// The training rows (sorted) whose label is one of `classes` — a class-wise forget set.
std::vector<int64_t> trainIndicesOfClasses(const DatasetSource& dataset, const std::vector<int64_t>& classes);

// Number of trainable parameters of an architecture for a dataset shape (DESCRIBE, EXPLAIN).
int64_t parameterCount(const std::string& arch, const DatasetSource& dataset);
// The same for a stored version: an imported model's network is known only from its archive.
int64_t parameterCount(const std::string& arch, const DatasetSource& dataset, const Bytes& weights);

// True when this LibTorch build can use CUDA and a device is present.
bool cudaAvailable();

// Sets the intra-op thread count (0 = hardware concurrency).
void setThreads(int threads);

}  // namespace lethe::exec
