// UA, RA, TA and MIA-efficacy (METHODS.md, "Classification metrics").
#include "executors/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/error.hpp"
#include "common/sampling.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

torch::Tensor idsTensor(const std::vector<int64_t>& ids) { return torch::tensor(ids, torch::kInt64); }

// Predictions of one index set, computed at most once per computeMetrics call: RA and MIA
// both need the retain set, UA and MIA the forget set.
class SetPredictions {
 public:
  // `whole_set_needed`: some metric reads every row, so partial requests slice that result.
  SetPredictions(ml::Classifier& model, const ml::Split& split, torch::Tensor ids, const torch::Device& device,
                 bool whole_set_needed)
      : model_(model), split_(split), ids_(std::move(ids)), device_(device), whole_set_needed_(whole_set_needed) {}

  const torch::Tensor& ids() const { return ids_; }
  int64_t size() const { return ids_.numel(); }

  // Softmax probabilities of the first `count` rows (all rows when count covers them).
  torch::Tensor probabilities(int64_t count) {
    if (count >= size()) return all();
    if (all_ || whole_set_needed_) return all().slice(0, 0, count);
    return ml::probabilities(model_, split_, ids_.slice(0, 0, count), device_);
  }

  double accuracy() {
    if (size() == 0) return 0.0;
    const torch::Tensor labels = split_.labels.index_select(0, ids_);
    return 100.0 * all().argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
  }

  torch::Tensor labels(int64_t count) const {
    return split_.labels.index_select(0, ids_.slice(0, 0, std::min(count, size())));
  }

 private:
  const torch::Tensor& all() {
    if (!all_) all_ = ml::probabilities(model_, split_, ids_, device_);
    return *all_;
  }

  ml::Classifier& model_;
  const ml::Split& split_;
  torch::Tensor ids_;
  torch::Device device_;
  bool whole_set_needed_;
  std::optional<torch::Tensor> all_;
};

bool requested(const std::vector<std::string>& metrics, const std::string& name) {
  return std::find(metrics.begin(), metrics.end(), name) != metrics.end();
}

void requireForgetSet(const EvaluationSets& sets, const std::string& metric) {
  if (sets.forget.numel() == 0)
    throw Error(ErrorKind::Execution, "metric '" + metric + "' needs a forget set (FOR RUN n or a FORGET statement)");
}

using Feature = torch::Tensor (*)(const torch::Tensor& probabilities, const torch::Tensor& labels);

// The attack features by metric name (METHODS.md: confidence by default; entropy and the
// modified entropy of Song & Mittal, 2021, as options).
Feature miaFeature(const std::string& metric) {
  if (metric == "mia_entropy") return entropyFeature;
  if (metric == "mia_m_entropy") return modifiedEntropyFeature;
  return confidenceFeature;
}

// Members: the first n = min(|D_r|, |D_t|) retain samples; non-members: the first n test
// samples; the attack then classifies D_f.
double miaMetric(const std::string& metric, SetPredictions& forget, SetPredictions& retain, SetPredictions& test) {
  const int64_t n = std::min(retain.size(), test.size());
  if (n == 0) throw Error(ErrorKind::Execution, "metric '" + metric + "' needs non-empty retain and test sets");
  const Feature feature = miaFeature(metric);
  const torch::Tensor member = feature(retain.probabilities(n), retain.labels(n));
  const torch::Tensor nonmember = feature(test.probabilities(n), test.labels(n));
  const torch::Tensor target = feature(forget.probabilities(forget.size()), forget.labels(forget.size()));
  return miaEfficacy(member, nonmember, target);
}

// Test accuracy of each class on every test row of that class (the forgotten ones too, so a
// class-wise forgetting shows its class falling and the others holding): "class_acc:<c>".
void perClassAccuracy(ml::Classifier& model, const ml::Dataset& data, const torch::Device& device,
                      std::map<std::string, double>& values) {
  const torch::Tensor rows = reportedTestRows(data);
  const torch::Tensor predicted = ml::probabilities(model, data.test, rows, device).argmax(1);
  const torch::Tensor labels = data.test.labels.index_select(0, rows);
  for (int64_t c = 0; c < data.num_classes; ++c) {
    const torch::Tensor of_class = labels.eq(c);
    const int64_t count = of_class.sum().item<int64_t>();
    if (count == 0) continue;  // a class without test rows has no accuracy
    const int64_t correct = predicted.eq(c).logical_and(of_class).sum().item<int64_t>();
    values["class_acc:" + std::to_string(c)] = 100.0 * double(correct) / double(count);
  }
}

}  // namespace

torch::Tensor calibrationSplitMask(int64_t test_rows) {
  // A fixed seed: every model of a dataset, and every statement, splits its test rows alike.
  constexpr uint64_t kSeed = 20240101;
  const auto count = static_cast<int64_t>(std::llround(kCalibrationShare * static_cast<double>(test_rows)));
  torch::Tensor mask = torch::zeros({test_rows}, torch::kBool);
  if (count > 0) mask.index_fill_(0, idsTensor(sampleWithoutReplacement(test_rows, count, kSeed)), true);
  return mask;
}

torch::Tensor reportedTestRows(const ml::Dataset& data) {
  return torch::nonzero(calibrationSplitMask(data.test.size()).logical_not()).flatten();
}

EvaluationSets makeEvaluationSets(const ml::Dataset& data, const ForgetSetSpec* forget) {
  const int64_t train_rows = data.train.size();
  std::vector<int64_t> forget_ids = forget ? forget->ids : std::vector<int64_t>{};
  std::sort(forget_ids.begin(), forget_ids.end());
  forget_ids.erase(std::unique(forget_ids.begin(), forget_ids.end()), forget_ids.end());
  if (!forget_ids.empty() && (forget_ids.front() < 0 || forget_ids.back() >= train_rows)) {
    const int64_t bad = forget_ids.front() < 0 ? forget_ids.front() : forget_ids.back();
    throw Error(ErrorKind::Execution, "forget set id " + std::to_string(bad) + " is outside the training split of " +
                                          std::to_string(train_rows) + " rows");
  }

  EvaluationSets sets;
  sets.forget = idsTensor(forget_ids);
  torch::Tensor in_forget = torch::zeros({train_rows}, torch::kBool);
  if (!forget_ids.empty()) in_forget.index_fill_(0, sets.forget, true);
  sets.retain = torch::nonzero(in_forget.logical_not()).flatten();

  torch::Tensor kept = torch::ones({data.test.size()}, torch::kBool);
  if (forget) {
    for (int64_t forgotten : forget->classes) kept.logical_and_(data.test.labels.ne(forgotten));
  }
  const torch::Tensor calibration = calibrationSplitMask(data.test.size());
  sets.test = torch::nonzero(kept.logical_and(calibration.logical_not())).flatten();
  sets.heldout = torch::nonzero(kept.logical_and(calibration)).flatten();
  return sets;
}

std::map<std::string, double> computeMetrics(ml::Classifier& model, const ml::Dataset& data,
                                             const EvaluationSets& sets, const std::vector<std::string>& metrics,
                                             const torch::Device& device, const std::atomic<bool>* cancel) {
  SetPredictions forget(model, data.train, sets.forget, device, /*whole_set_needed=*/true);
  SetPredictions retain(model, data.train, sets.retain, device, requested(metrics, "ra"));
  SetPredictions test(model, data.test, sets.test, device, requested(metrics, "ta"));
  std::map<std::string, double> values;
  for (const std::string& metric : metrics) {
    // One metric takes up to seconds (the MIA attack fits an SVM): an interrupt stops here.
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Error(ErrorKind::Interrupted, "statement cancelled");
    if (metric == "ua") {
      requireForgetSet(sets, metric);
      values[metric] = 100.0 - forget.accuracy();
    } else if (metric == "ra") {
      values[metric] = retain.accuracy();
    } else if (metric == "ta") {
      values[metric] = test.accuracy();
    } else if (metric == "mia" || metric == "mia_entropy" || metric == "mia_m_entropy") {
      requireForgetSet(sets, metric);
      values[metric] = miaMetric(metric, forget, retain, test);
    } else if (metric == "class_acc") {
      perClassAccuracy(model, data, device, values);
    }
  }
  for (const auto& [name, value] : corruptionMetrics(model, data, metrics, device)) values[name] = value;
  return values;
}

}  // namespace lethe::exec
