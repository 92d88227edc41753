#pragma once
// Classification metrics over a model and a dataset (METHODS.md, "Classification metrics").
// Internal to executors/: FORGET evaluates its result with these, EVALUATE MODEL too.
#include <torch/torch.h>

#include <map>
#include <string>
#include <vector>

#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

// Whether each of `test_rows` test rows is in the calibration split (kCalibrationShare,
// docs/calibration.md): bool [test_rows].
torch::Tensor calibrationSplitMask(int64_t test_rows);

// The test rows results are reported on: every one outside the calibration split (int64).
torch::Tensor reportedTestRows(const ml::Dataset& data);

// The index sets the metrics are defined on.
struct EvaluationSets {
  torch::Tensor forget;   // D_f: training indices (int64), may be empty
  torch::Tensor retain;   // D_r: training indices not in D_f
  torch::Tensor test;     // D_t: test indices outside the calibration split, without the
                          // forgotten classes (class-wise)
  torch::Tensor heldout;  // the calibration split's test indices, without the forgotten classes
};
EvaluationSets makeEvaluationSets(const ml::Dataset& data, const ForgetSetSpec* forget);

// Computes the requested metrics among "ua", "ra", "ta", "mia", "mia_entropy",
// "mia_m_entropy", "class_acc" (one value "class_acc:<c>" per class) and the REM metrics of
// corruptionMetrics below (percent). Others are ignored
// (the engine fills "rte" and "gap"). Throws Error(Execution) when a metric needs a forget set
// and none is given; Error(Interrupted) between metrics once `cancel` is set.
std::map<std::string, double> computeMetrics(ml::Classifier& model, const ml::Dataset& data,
                                             const EvaluationSets& sets,
                                             const std::vector<std::string>& metrics,
                                             const torch::Device& device,
                                             const std::atomic<bool>* cancel = nullptr);

// The REM metrics among `metrics` (others ignored), in percent: "healed" (accuracy on every
// corrupted training row against its true label), "utility" (clean test accuracy; swap:
// without the two swapped classes), "uxh" (healed x utility / 100) and, for poison, "asr"
// (% of triggered test images classified as the target). executors/metrics_corruption.cpp.
// Throws Error(Execution) when one is asked of a dataset that is not corrupted.
std::map<std::string, double> corruptionMetrics(ml::Classifier& model, const ml::Dataset& data,
                                                const std::vector<std::string>& metrics, const torch::Device& device);

// MIA-efficacy (percent): an RBF C-SVC (libsvm, C = 3, gamma = 1, no scaling) is trained on
// `member` features labelled 1 against `nonmember` features labelled 0; returns
// 100 × the fraction of `target` rows predicted non-member. Feature tensors: float [n, f], CPU.
double miaEfficacy(const torch::Tensor& member, const torch::Tensor& nonmember, const torch::Tensor& target);

// MIA features, each a float [n, 1] column from softmax probabilities [n, classes]:
// the probability of the true label;
torch::Tensor confidenceFeature(const torch::Tensor& probabilities, const torch::Tensor& labels);
// the entropy −Σ p log p (labels unused);
torch::Tensor entropyFeature(const torch::Tensor& probabilities, const torch::Tensor& labels);
// the modified entropy −(1 − p_y) log p_y − Σ_{i≠y} p_i log(1 − p_i) (Song & Mittal, 2021),
// which, unlike entropy, is low only when the model is confidently right.
torch::Tensor modifiedEntropyFeature(const torch::Tensor& probabilities, const torch::Tensor& labels);

}  // namespace lethe::exec
