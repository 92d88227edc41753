// The REM metrics of corrupted-data unlearning (METHODS.md, "REM"): healed, utility, U×H
// and, for poison, the attack success rate.
#include <algorithm>

#include "common/error.hpp"
#include "executors/metrics.hpp"
#include "ml/corruption.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

bool wants(const std::vector<std::string>& metrics, const char* name) {
  return std::find(metrics.begin(), metrics.end(), name) != metrics.end();
}

torch::Tensor allRows(const ml::Split& split) { return torch::arange(split.size(), torch::kInt64); }

// Accuracy on every corrupted training row against its TRUE label. The images are the
// corrupted dataset's own, so poisoned rows keep their trigger: healed = the model ignores it.
double healed(ml::Classifier& model, const ml::Dataset& data, const CorruptionSpec& corruption, const torch::Device& device) {
  const torch::Tensor rows = torch::tensor(corruption.rows, torch::kInt64);
  const ml::Split corrupted{data.train.images.index_select(0, rows), torch::tensor(corruption.true_labels, torch::kInt64)};
  return ml::accuracy(model, corrupted, allRows(corrupted), device);
}

// Clean test accuracy; under swap without the two swapped classes, whose test accuracy
// says how the swap was learned, not how useful the model is elsewhere.
double utility(ml::Classifier& model, const ml::Dataset& data, const CorruptionSpec& corruption, const torch::Device& device) {
  torch::Tensor kept = torch::ones({data.test.size()}, torch::kBool);
  if (corruption.kind == "swap")
    for (int64_t c : corruption.classes) kept.logical_and_(data.test.labels.ne(c));
  const torch::Tensor rows = kept.nonzero().flatten();
  if (rows.numel() == 0) throw Error(ErrorKind::Execution, "metric 'utility' needs test rows, and the dataset has none left");
  return ml::accuracy(model, data.test, rows, device);
}

// % of triggered test images (every test image not of the target class, with the patch)
// that the model classifies as the target.
double attackSuccessRate(ml::Classifier& model, const ml::Dataset& data, const CorruptionSpec& corruption,
                         const torch::Device& device) {
  ml::Split triggered = ml::triggeredTestSplit(data.test, corruption.target);
  if (triggered.size() == 0) throw Error(ErrorKind::Execution, "metric 'asr' needs test images outside the target class");
  triggered.labels = torch::full({triggered.size()}, corruption.target, torch::kInt64);
  return ml::accuracy(model, triggered, allRows(triggered), device);
}

}  // namespace

std::map<std::string, double> corruptionMetrics(ml::Classifier& model, const ml::Dataset& data,
                                                const std::vector<std::string>& metrics, const torch::Device& device) {
  std::map<std::string, double> values;
  const bool any = wants(metrics, "healed") || wants(metrics, "utility") || wants(metrics, "uxh") || wants(metrics, "asr");
  if (!any) return values;
  if (!data.corruption)
    throw Error(ErrorKind::Execution, "metrics healed, utility, uxh and asr need a corrupted dataset (CORRUPT DATASET)");
  const CorruptionSpec& corruption = *data.corruption;
  if (wants(metrics, "healed") || wants(metrics, "uxh")) values["healed"] = healed(model, data, corruption, device);
  if (wants(metrics, "utility") || wants(metrics, "uxh")) values["utility"] = utility(model, data, corruption, device);
  if (wants(metrics, "uxh")) values["uxh"] = values["healed"] * values["utility"] / 100.0;
  if (wants(metrics, "asr")) {
    if (corruption.kind != "poison")
      throw Error(ErrorKind::Execution, "metric 'asr' needs a poisoned dataset; this one is corrupted by " + corruption.kind);
    values["asr"] = attackSuccessRate(model, data, corruption, device);
  }
  // Only what was asked for (uxh computes healed and utility on the way).
  for (auto it = values.begin(); it != values.end();) it = wants(metrics, it->first.c_str()) ? std::next(it) : values.erase(it);
  return values;
}

}  // namespace lethe::exec
