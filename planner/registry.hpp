#pragma once
// The open sets of Lethe — unlearning methods, metrics, architectures, dataset formats —
// described once. SHOW METHODS / DESCRIBE METHOD, the binder's option validation and the
// docs all read these entries; executors/ implements each name. Torch-free.
#include <optional>
#include <string>
#include <vector>

#include "common/model_kind.hpp"
#include "common/options.hpp"

namespace lethe::registry {

// What calibration may choose for a method when the user leaves it unset (docs/calibration.md):
// a learning rate in [lr_min, lr_max] and, for methods whose state after k epochs is that of
// a k-epoch run, the epochs in 1..max_epochs, read from per-epoch checkpoints of each trial.
// What one epoch of a method trains on, which sets what an epoch costs against the budget.
enum class EpochReads { Forget, Retain, Both };

struct CalibrationSpec {
  double lr_min = 0.0;
  double lr_max = 0.0;
  int64_t max_epochs = 0;  // 0: the epochs are not calibrated (the method's schedule spans the run)
  EpochReads reads = EpochReads::Both;
};

// What a method is for. The reference is what every other method is measured against (Avg.
// Gap): COMPARE runs it first and reuses a stored run of it; it has nothing to calibrate.
enum class MethodRole { Unlearning, Reference };

struct MethodSpec {
  std::string name;
  std::string help;               // one line
  bool takes_threshold = false;   // THRESHOLD x is meaningful (saliency mask)
  std::optional<double> default_threshold;
  std::vector<OptionSpec> options;
  std::optional<CalibrationSpec> calibration;  // iterative methods: what calibration may choose
  bool accepts_saliency = false;  // `WITH (saliency = s)` adds a saliency mask of fraction s
  bool needs_gates = false;       // runs only on a gated architecture (rem)
  MethodRole role = MethodRole::Unlearning;
};

// The kinds of model a metric describes.
enum class MetricModels { Classifiers, Generators, Both };

struct MetricSpec {
  std::string name;
  std::string help;
  bool needs_forget_set = false;  // ua, ra, mia; ua_gen (the forgotten classes)
  bool forget_only = false;       // only meaningful on a FORGET run (rte, gap)
  bool needs_corruption = false;  // healed, utility, uxh, asr: the model's dataset is corrupted
  bool in_gap = false;            // one of the metrics Avg. Gap averages (ua, ra, ta, mia)
  MetricModels models = MetricModels::Classifiers;
  bool needs_judge = false;       // ua_gen, fid, acc_gen: samples judged by a classifier (WITH (judge = c))
};

// The model kind is the architecture's (common/model_kind.hpp): "ddpm" is a generator.
struct ArchSpec {
  std::string name;
  std::string help;
  ModelKind kind() const { return modelKindOfArch(name); }
};

struct FormatSpec {
  std::string name;
  std::string help;
};

const std::vector<MethodSpec>& methods();
const std::vector<MetricSpec>& metrics();
const std::vector<ArchSpec>& archs();
const std::vector<FormatSpec>& formats();
// The options of CREATE MODEL (training recipe) and of CREATE DATASET ... AS SUBSET.
const std::vector<OptionSpec>& trainingOptions();
const std::vector<OptionSpec>& subsetOptions();
// CREATE DATASET ... FROM 'dir' FORMAT f WITH (...).
const std::vector<OptionSpec>& fileDatasetOptions();

const MethodSpec* findMethod(const std::string& name);
const MetricSpec* findMetric(const std::string& name);

// ---- generators (SalUn's generation half, docs/generation.md) ----
// methods() are the classifier methods. A generator is unlearnt by methods of the same names
// whose options differ (steps of Adam instead of epochs of SGD): their own entries, found by
// kind. None of them is calibrated.
const std::vector<MethodSpec>& generatorMethods();
const std::vector<MethodSpec>& methods(ModelKind kind);
const MethodSpec* findMethod(const std::string& name, ModelKind kind);
std::vector<std::string> methodNames(ModelKind kind);
bool metricApplies(const MetricSpec& metric, ModelKind kind);
std::vector<std::string> metricNames(ModelKind kind);
const char* metricModelsName(MetricModels models);  // "classifiers", "generators", "classifiers, generators"
// The metrics judged by a classifier (ua_gen, fid, acc_gen), in table order: what COMPARE
// shows for generators and what FORGET / EVALUATE compute for one when a judge is named.
std::vector<std::string> judgedMetrics();
// CREATE MODEL ... ARCH ddpm WITH (...): the generator's recipe.
const std::vector<OptionSpec>& generatorTrainingOptions();
const std::vector<OptionSpec>& trainingOptions(ModelKind kind);
// WITH (judge = clf, samples = n, sample_steps = s, guidance = w, sample_seed = k) on EVALUATE,
// FORGET and COMPARE of a generator: the judge and how the judged samples are drawn.
const std::vector<OptionSpec>& judgeOptions();
bool isJudgeOption(const std::string& name);
// SAMPLE n FROM gen WITH (steps, guidance, seed).
const std::vector<OptionSpec>& sampleOptions();
const ArchSpec* findArch(const std::string& name);
const FormatSpec* findFormat(const std::string& name);

std::vector<std::string> methodNames();
std::vector<std::string> metricNames();
std::vector<std::string> archNames();
std::vector<std::string> formatNames();
// The architectures with REM's channel gates (the names ending in "_gated").
std::vector<std::string> gatedArchNames();
bool isGatedArchName(const std::string& arch);

// The reference method (retrain) and whether `name` is it.
const MethodSpec& referenceMethod();
bool isReferenceMethod(const std::string& name);

// The metrics Avg. Gap averages, in table order (ua, ra, ta, mia): what COMPARE evaluates, and
// what EVALUATE computes on a forget set when no metrics are named.
std::vector<std::string> gapMetrics();
// Metrics computed by FORGET when it has no EVALUATE clause: the gap metrics, rte and gap.
std::vector<std::string> defaultForgetMetrics();

// Built-in datasets: name -> directory of IDX files.
struct BuiltinDataset {
  std::string name;
  std::string path;
  std::vector<std::string> class_names;
};
const std::vector<BuiltinDataset>& builtinDatasets();
const BuiltinDataset* findBuiltinDataset(const std::string& name);

}  // namespace lethe::registry
