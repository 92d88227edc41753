#pragma once
// The open sets of Lethe — unlearning methods, metrics, architectures, dataset formats —
// described once. SHOW METHODS / DESCRIBE METHOD, the binder's option validation and the
// docs all read these entries; executors/ implements each name. Torch-free.
#include <optional>
#include <string>
#include <vector>

#include "common/options.hpp"

namespace lethe::registry {

// A default that differs by forget scenario ("class", "random", "samples"): applied by the
// binder when the user did not give the option. Each comes with the measurement behind it.
// `min_forget_percent` narrows it to forget sets of at least that share of the training rows
// (random/samples targets, whose size is known when binding); `arch` narrows it to models of
// one architecture (its gated variant included), because a rate tuned on a small CNN can wreck
// a BatchNorm ResNet; `min_training_epochs` narrows it to models whose recipe trained at
// least that many epochs, because an unlearning budget that is a fair share of a long recipe
// (and needed to repair a model that fits its rows) is a large share of a short one. Of
// several that apply, the last listed wins.
struct ScenarioDefault {
  std::string scenario;
  std::string option;
  OptionValue value;
  double min_forget_percent = 0.0;
  std::string arch;  // empty: every architecture
  int64_t min_training_epochs = 0;
};

// cnn models whose recipe ran this many epochs or more fit their training rows (RA 98 at 40
// epochs, against 91 at 15) and take the defaults measured on such models (the seventh round
// of docs/benchmarks.md). bench/paper_setting.hpp trains its cnn models this long.
constexpr int64_t kLongRecipeEpochs = 40;

// Whether `d` applies to a model of architecture `arch` ("resnet20_gated" counts as "resnet20").
bool appliesToArch(const ScenarioDefault& d, const std::string& arch);

struct MethodSpec {
  std::string name;
  std::string help;               // one line
  bool takes_threshold = false;   // THRESHOLD x is meaningful (saliency mask)
  std::optional<double> default_threshold;
  std::vector<OptionSpec> options;
  std::vector<ScenarioDefault> scenario_defaults;
  bool accepts_saliency = false;  // `WITH (saliency = s)` adds a saliency mask of fraction s
  bool needs_gates = false;       // runs only on a gated architecture (rem)
};

struct MetricSpec {
  std::string name;
  std::string help;
  bool needs_forget_set = false;  // ua, ra, mia
  bool forget_only = false;       // only meaningful on a FORGET run (rte, gap)
  bool needs_corruption = false;  // healed, utility, uxh, asr: the model's dataset is corrupted
};

struct ArchSpec {
  std::string name;
  std::string help;
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

const MethodSpec* findMethod(const std::string& name);
const MetricSpec* findMetric(const std::string& name);
const ArchSpec* findArch(const std::string& name);
const FormatSpec* findFormat(const std::string& name);

std::vector<std::string> methodNames();
std::vector<std::string> metricNames();
std::vector<std::string> archNames();
std::vector<std::string> formatNames();
// The architectures with REM's channel gates (the names ending in "_gated").
std::vector<std::string> gatedArchNames();
bool isGatedArchName(const std::string& arch);

// Metrics computed by FORGET when it has no EVALUATE clause.
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
