#include "executors/calibration_criterion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "common/sampling.hpp"
#include "executors/metrics.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

namespace {

double accuracyOf(const torch::Tensor& probabilities, const torch::Tensor& labels) {
  if (labels.numel() == 0) return 0.0;
  return 100.0 * probabilities.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
}

// The largest difference between the two empirical distribution functions of `a` and `b`
// (the two-sample Kolmogorov-Smirnov statistic), in percent. Any attack that calls a row a
// non-member when its confidence is below some threshold calls shares of the two sets
// non-members that differ by at most this much.
double distributionDistance(const torch::Tensor& a, const torch::Tensor& b) {
  const torch::Tensor both = torch::cat({a.flatten(), b.flatten()}).to(torch::kFloat64);
  const torch::Tensor thresholds = std::get<0>(both.sort());
  auto cdf = [&](const torch::Tensor& x) {
    const torch::Tensor sorted = std::get<0>(x.flatten().to(torch::kFloat64).sort());
    return torch::searchsorted(sorted, thresholds, /*out_int32=*/false, /*right=*/true).to(torch::kFloat64) /
           static_cast<double>(sorted.numel());
  };
  return 100.0 * (cdf(a) - cdf(b)).abs().max().item<double>();
}

// The sampling variance of an accuracy of `percent` read from `rows` rows (binomial), in
// squared percentage points.
double binomialVariance(double percent, int64_t rows) { return percent * (100.0 - percent) / static_cast<double>(rows); }

// A retrain's confidence in the forgotten class is near 0 on its rows: the share of D_f rows
// still held with at least the median held-out confidence is what keeps them "members".
double classMembership(const torch::Tensor& forget, const torch::Tensor& heldout) {
  const double median = heldout.flatten().median().item<double>();
  return 100.0 * forget.flatten().ge(median).to(torch::kFloat64).mean().item<double>();
}

}  // namespace

double estimateRetrainShortfall(const std::vector<double>& curve, double retain_share, int64_t num_classes) {
  if (curve.empty() || num_classes < 1) return 0.0;
  std::vector<double> best{100.0 / static_cast<double>(num_classes)};  // before the first epoch
  for (double accuracy : curve) best.push_back(std::max(best.back(), accuracy));
  const double epochs = static_cast<double>(curve.size());
  const double at = std::clamp(retain_share, 0.0, 1.0) * epochs;
  const auto below = static_cast<size_t>(std::floor(at));
  const double reached =
      below >= curve.size() ? best.back() : best[below] + (at - static_cast<double>(below)) * (best[below + 1] - best[below]);
  return best.back() - reached;
}

torch::Tensor subsampleRows(const torch::Tensor& rows, int64_t limit, uint64_t seed) {
  if (rows.numel() <= limit) return rows;
  const std::vector<int64_t> picks = sampleWithoutReplacement(rows.numel(), limit, seed);
  return rows.index_select(0, torch::tensor(picks, torch::kInt64));
}

CalibrationCriterion::CalibrationCriterion(ml::Classifier& original, const ml::Dataset& data, const torch::Tensor& forget,
                                           const torch::Tensor& retain, const torch::Tensor& heldout,
                                           const std::vector<int64_t>& forgotten_classes, double retrain_shortfall,
                                           uint64_t seed, const torch::Device& device)
    : data_(data),
      forget_(subsampleRows(forget, kForgetRows, seed + 3)),
      retain_(subsampleRows(retain, kRetainRows, seed + 4)),
      heldout_(subsampleRows(heldout, kHeldoutRows, seed + 5)),
      class_wise_(!forgotten_classes.empty()),
      device_(device) {
  if (heldout_.numel() < 2 || retain_.numel() < 1 || forget_.numel() < 1)
    throw Error(ErrorKind::Execution, "calibration needs held-out, retain and forget rows to score a trial");
  const Predictions p = predict(original);
  original_ = measure(p);
  // A retrain that never predicts the forgotten classes also stops mistaking the other
  // classes' rows for them, so it is more accurate on those than the original: its retain
  // and held-out accuracy are estimated as the original's with the forgotten classes barred
  // (for random and sample sets, none is barred: the original's own accuracy).
  auto barred = [&](torch::Tensor probabilities) {
    for (int64_t c : forgotten_classes) probabilities.select(1, c).zero_();
    return probabilities;
  };
  // A retrain on fewer rows also takes fewer steps and may reach less (retrain_shortfall).
  retain_target_ = accuracyOf(barred(p.retain.clone()), data_.train.labels.index_select(0, retain_)) - retrain_shortfall;
  heldout_target_ = accuracyOf(barred(p.heldout.clone()), data_.test.labels.index_select(0, heldout_)) - retrain_shortfall;
  original_.score = combine(original_);
}

CalibrationCriterion::Predictions CalibrationCriterion::predict(ml::Classifier& model) const {
  return {ml::probabilities(model, data_.train, forget_, device_), ml::probabilities(model, data_.train, retain_, device_),
          ml::probabilities(model, data_.test, heldout_, device_)};
}

CalibrationTrial CalibrationCriterion::measure(const Predictions& p) const {
  const torch::Tensor& pf = p.forget;
  const torch::Tensor& ph = p.heldout;
  const torch::Tensor lf = data_.train.labels.index_select(0, forget_);
  const torch::Tensor lh = data_.test.labels.index_select(0, heldout_);
  CalibrationTrial t;
  t.forget_acc = accuracyOf(pf, lf);
  t.retain_acc = accuracyOf(p.retain, data_.train.labels.index_select(0, retain_));
  t.heldout_acc = accuracyOf(ph, lh);
  // Attack-free, so the criterion moves smoothly with the model: the metric's SVM on one
  // feature flips whole ranges of rows between member and non-member when its boundary moves.
  const torch::Tensor cf = confidenceFeature(pf, lf), ch = confidenceFeature(ph, lh);
  t.membership_gap = class_wise_ ? classMembership(cf, ch) : distributionDistance(cf, ch);
  return t;
}

double CalibrationCriterion::combine(const CalibrationTrial& t) const {
  // What a retrain would show; its membership gap is 0 either way.
  return (std::fabs(t.forget_acc - forgetTarget()) + std::fabs(t.retain_acc - retain_target_) +
          std::fabs(t.heldout_acc - heldout_target_) + t.membership_gap) /
         4.0;
}

bool CalibrationCriterion::forgotTooLittle(const CalibrationTrial& t) const {
  return t.forget_acc > forgetTarget() + 1.0;
}

bool CalibrationCriterion::stillPredictsForgottenClasses(const CalibrationTrial& t) const {
  if (!class_wise_) return false;
  return t.forget_acc > chanceAccuracy() + 2.0 * std::sqrt(binomialVariance(t.forget_acc, forget_.numel()));
}

bool CalibrationCriterion::damagedBeyondARetrain(const CalibrationTrial& t) const {
  if (class_wise_) return false;
  auto below = [](double accuracy, double target, int64_t rows) {
    return accuracy < target - kDamageStandardErrors * std::sqrt(binomialVariance(target, rows));
  };
  return below(t.retain_acc, retain_target_, retain_.numel()) && below(t.heldout_acc, heldout_target_, heldout_.numel());
}

double CalibrationCriterion::chanceAccuracy() const { return 100.0 / static_cast<double>(std::max<int64_t>(data_.num_classes, 1)); }

double CalibrationCriterion::standardError(const CalibrationTrial& t) const {
  const double membership = 100.0 * 0.26 * std::sqrt(1.0 / static_cast<double>(forget_.numel()) + 1.0 / static_cast<double>(heldout_.numel()));
  const double variance = binomialVariance(t.forget_acc, forget_.numel()) + binomialVariance(t.retain_acc, retain_.numel()) +
                          binomialVariance(t.heldout_acc, heldout_.numel()) + membership * membership;
  return std::sqrt(variance) / 4.0;
}

double CalibrationCriterion::rowsPerScore(int64_t forget_rows, int64_t retain_rows, int64_t heldout_rows) {
  return static_cast<double>(std::min(forget_rows, kForgetRows) + std::min(retain_rows, kRetainRows) +
                             std::min(heldout_rows, kHeldoutRows));
}

CalibrationTrial CalibrationCriterion::score(ml::Classifier& model) const {
  const Predictions p = predict(model);
  CalibrationTrial t;
  // Finite weights can still overflow on some rows: such a model has diverged as surely.
  if (!(torch::isfinite(p.forget).all().item<bool>() && torch::isfinite(p.retain).all().item<bool>() &&
        torch::isfinite(p.heldout).all().item<bool>())) {
    t.score = std::numeric_limits<double>::infinity();
    return t;
  }
  t = measure(p);
  t.score = combine(t);
  return t;
}

}  // namespace lethe::exec
