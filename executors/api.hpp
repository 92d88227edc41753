#pragma once
// The torch-free face of the executors: what the engine hands to the operators and what
// comes back. Everything behind these functions (ml/, executors/*.cpp) may use torch;
// nothing that includes this header has to.
//
// All functions throw lethe::Error (ErrorKind::Io for unreadable data files,
// ErrorKind::Execution for failures while running, ErrorKind::Interrupted on cancel).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/calibration_request.hpp"
#include "common/dataset_source.hpp"
#include "common/execution_context.hpp"
#include "common/model_kind.hpp"
#include "common/options.hpp"

namespace lethe::exec {

using Bytes = std::vector<uint8_t>;

// The shared vocabulary (common/), named here as the executors' callers have always named it.
using lethe::CalibrationRequest;
using lethe::CorruptionSpec;
using lethe::DatasetProbe;
using lethe::DatasetSource;
using lethe::ExecutionContext;
using lethe::kCalibrationShare;
using lethe::kMinCalibrationRows;
using Progress = lethe::OperatorProgress;  // lethe::Progress is the public API's twin

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
  // Where the chosen model is plainly not what a retrain would be (class-wise: it still
  // predicts the forgotten classes above chance), what is wrong and the way out; else "".
  std::string warning;

  // "epochs=1 lr=0.0012 (7 checkpoints, 9% of a retrain)" for result rows, and the warning.
  std::string summary(double unlearn_seconds) const;
  std::string toJson() const;
};

// The learning curve as a training run stores it (runs.calibration_json of a CREATE MODEL run:
// what calibration later reads from that run), and back; "" / empty when there is none.
std::string learningCurveJson(const std::vector<double>& heldout_curve);
std::vector<double> learningCurveFromJson(const std::string& json);

// The generator metrics (ua_gen, fid, acc_gen) draw samples from the generator and judge
// them with a classifier of the same dataset (docs/generation.md). Absent for classifiers.
struct GenerationJudge {
  std::string arch;                // the judge classifier's architecture and weights
  Bytes weights;
  int64_t samples_per_class = 100; // drawn for each class the metric reads
  int64_t steps = 50;              // DDIM steps of those samples
  double guidance = 2.0;           // classifier-free guidance scale
  uint64_t seed = 1;               // the samples' noise
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
  std::optional<CalibrationRequest> calibration;  // options to choose before running the method
  std::optional<GenerationJudge> judge;  // generators: what ua_gen / fid / acc_gen sample and judge with
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
  std::optional<GenerationJudge> judge; // generators: what ua_gen / fid / acc_gen sample and judge with
  OptionValues recipe;                  // generators: the model's recipe (resolution, channels build its network)
};

struct EvaluateOutcome {
  std::map<std::string, double> metrics;
  double seconds = 0.0;
};

// Generators (arch "ddpm", ModelKind::Generator) go through the same three entry points:
// train() trains one with its recipe (steps, batch_size, lr, channels, resolution, seed; the
// outcome's weights are the EMA weights, metrics "loss"), forget() runs the generator methods
// (salun, ga, ft, retrain) on a class-wise forget set, evaluate() computes the generator
// metrics with request.judge. executors/api_generation.cpp holds their implementations
// (forget and evaluate: executors/generation_forget.cpp, generation_evaluate.cpp). The generator
// methods and the options they read, with defaults, are listed in common/generator_methods.hpp;
// a generator's EvaluateRequest carries its recipe.

// SAMPLE n FROM gen [CLASS 'c'] WITH (steps, guidance, seed): DDIM sampling with
// classifier-free guidance from a generator version.
struct SampleRequest {
  DatasetSource dataset;    // the generator's dataset (classes, channels, size)
  OptionValues recipe;      // the generator's recipe (resolution, channels, ...)
  Bytes weights;
  int64_t count = 0;                   // images per class drawn
  std::optional<int64_t> class_index;  // one class; none: `count` of every class
  int64_t steps = 50;
  double guidance = 2.0;
  uint64_t seed = 1;
};

struct SampleOutcome {
  // uint8 pixels [N, channels, height, width] at the generator's resolution, row-major,
  // grouped by class in class order (N = count, or count x classes).
  std::vector<uint8_t> pixels;
  std::vector<int64_t> labels;  // the class each image was drawn for
  int64_t channels = 1;
  int64_t height = 0;
  int64_t width = 0;
  double seconds = 0.0;
  double images_per_second = 0.0;
};
SampleOutcome sample(const SampleRequest& request, const ExecutionContext& context);

// Writes the samples as one PNG grid, one row per class drawn (libpng), to a temporary file
// beside `path`, then renamed. Throws Error(Io) naming the file when it cannot be written.
void writeSampleGrid(const SampleOutcome& samples, const std::string& path);

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
