#include "executors/calibration_criterion.hpp"

#include <cmath>

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

// The MIA attack as the metric runs it (members: retain rows, non-members: held-out rows),
// scoring the forget rows and the held-out rows themselves. Scoring the rows it was fitted on
// flatters the held-out score a little (a one-feature RBF attack hardly overfits), but one fit
// on every held-out row is steadier than halves of a few hundred rows, and trials are compared
// with each other, which a shared bias does not change.
struct MembershipScores {
  double forget = 0.0;
  double heldout = 0.0;
};

MembershipScores membershipScores(const torch::Tensor& retain, const torch::Tensor& heldout, const torch::Tensor& forget) {
  const torch::Tensor members = retain.slice(0, 0, std::min(retain.size(0), heldout.size(0)));
  const std::vector<double> shares = miaEfficacies(members, heldout, {forget, heldout});
  return {shares[0], shares[1]};
}

}  // namespace

torch::Tensor subsampleRows(const torch::Tensor& rows, int64_t limit, uint64_t seed) {
  if (rows.numel() <= limit) return rows;
  const std::vector<int64_t> picks = sampleWithoutReplacement(rows.numel(), limit, seed);
  return rows.index_select(0, torch::tensor(picks, torch::kInt64));
}

CalibrationCriterion::CalibrationCriterion(ml::Classifier& original, const ml::Dataset& data, torch::Tensor forget,
                                           torch::Tensor retain, torch::Tensor heldout, bool class_wise,
                                           const torch::Device& device)
    : data_(data),
      forget_(std::move(forget)),
      retain_(std::move(retain)),
      heldout_(std::move(heldout)),
      class_wise_(class_wise),
      device_(device) {
  if (heldout_.numel() < 2 || retain_.numel() < 1 || forget_.numel() < 1)
    throw Error(ErrorKind::Execution, "calibration needs held-out, retain and forget rows to score a trial");
  original_ = measure(original);
  original_.score = combine(original_);
}

CalibrationTrial CalibrationCriterion::measure(ml::Classifier& model) const {
  const torch::Tensor pf = ml::probabilities(model, data_.train, forget_, device_);
  const torch::Tensor pr = ml::probabilities(model, data_.train, retain_, device_);
  const torch::Tensor ph = ml::probabilities(model, data_.test, heldout_, device_);
  const torch::Tensor lf = data_.train.labels.index_select(0, forget_);
  const torch::Tensor lr = data_.train.labels.index_select(0, retain_);
  const torch::Tensor lh = data_.test.labels.index_select(0, heldout_);
  CalibrationTrial t;
  t.forget_acc = accuracyOf(pf, lf);
  t.retain_acc = accuracyOf(pr, lr);
  t.heldout_acc = accuracyOf(ph, lh);
  const MembershipScores mia =
      membershipScores(confidenceFeature(pr, lr), confidenceFeature(ph, lh), confidenceFeature(pf, lf));
  t.forget_mia = mia.forget;
  t.heldout_mia = mia.heldout;
  return t;
}

double CalibrationCriterion::combine(const CalibrationTrial& t) const {
  // What a retrain would show: class-wise, the class is never predicted (and so always
  // called a non-member); otherwise D_f looks like the held-out rows.
  const double forget_acc_target = class_wise_ ? 0.0 : original_.heldout_acc;
  const double forget_mia_target = class_wise_ ? 100.0 : t.heldout_mia;
  return (std::fabs(t.forget_acc - forget_acc_target) + std::fabs(t.retain_acc - original_.retain_acc) +
          std::fabs(t.heldout_acc - original_.heldout_acc) + std::fabs(t.forget_mia - forget_mia_target)) /
         4.0;
}

CalibrationTrial CalibrationCriterion::score(ml::Classifier& model) const {
  CalibrationTrial t = measure(model);
  t.score = combine(t);
  return t;
}

}  // namespace lethe::exec
