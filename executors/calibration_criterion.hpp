#pragma once
// Calibration's retrain-free criterion (docs/calibration.md): how far a candidate model is
// from what a retrain without D_f would look like, estimated from held-out data.
//
// A retrain treats a random D_f as unseen data: its accuracy and confidences on D_f are those
// of held-out rows, and its retain and held-out accuracy stay at the original's. A class-wise
// retrain never predicts the class (forget accuracy 0, no confidence in it) and so keeps the
// original's accuracy on the other rows as if the class were barred from its predictions. The
// criterion is the mean of the four distances — an estimate of the Avg. Gap to a retrain.
#include <torch/torch.h>

#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

class CalibrationCriterion {
 public:
  static constexpr int64_t kForgetRows = 1000, kRetainRows = 500, kHeldoutRows = 2000;

  // `forget` and `retain`: training rows the candidates are unlearned on; `heldout`: the
  // calibration split. A seeded draw of at most kForgetRows / kRetainRows / kHeldoutRows of
  // them is read — enough for about 1.5 points of accuracy resolution. The original model fixes the references.
  // `forgotten_classes`: class-wise forgetting's classes; empty for random and sample sets.
  // `retrain_shortfall`: the accuracy points a retrain is expected to lose against the
  // original (estimateRetrainShortfall), taken off the retain and held-out targets.
  CalibrationCriterion(ml::Classifier& original, const ml::Dataset& data, const torch::Tensor& forget,
                       const torch::Tensor& retain, const torch::Tensor& heldout,
                       const std::vector<int64_t>& forgotten_classes, double retrain_shortfall, uint64_t seed,
                       const torch::Device& device);

  // The criterion and its parts for `model` (eval mode for the measurement, restored after).
  CalibrationTrial score(ml::Classifier& model) const;
  const CalibrationTrial& original() const { return original_; }
  // Rows one score reads (forward passes only), for calibration's budget.
  double rowsPerScore() const { return rowsPerScore(forget_.numel(), retain_.numel(), heldout_.numel()); }
  // The same for a criterion over sets of these sizes, before one is built.
  static double rowsPerScore(int64_t forget_rows, int64_t retain_rows, int64_t heldout_rows);
  int64_t heldoutRows() const { return heldout_.numel(); }
  // Whether `t` forgot less than a retrain would: D_f's accuracy above a retrain's
  // (forgetTarget) by more than a point.
  bool forgotTooLittle(const CalibrationTrial& t) const;
  // Class-wise: whether `t` still predicts the forgotten classes on more of their rows than a
  // guess would (one in `classes`), beyond the sampling error of the rows it reads. A retrain
  // never predicts them; a model that does so above chance has not forgotten them, however the
  // rest of the score stands. Always false for random and sample sets.
  bool stillPredictsForgottenClasses(const CalibrationTrial& t) const;
  // Random and sample sets: whether `t` kept less retain and less held-out accuracy than a
  // retrain is expected to keep (the targets), each by more than kDamageStandardErrors
  // standard errors of the rows it is read from. A retrain loses D_f, not the rest: a model
  // this far below on both was damaged, whatever its score (the membership distance cannot see
  // the metric's attack move with the retain rows' confidence; docs/calibration.md). Always
  // false class-wise.
  bool damagedBeyondARetrain(const CalibrationTrial& t) const;
  static constexpr double kDamageStandardErrors = 2.0;
  double retainTarget() const { return retain_target_; }
  double heldoutTarget() const { return heldout_target_; }
  // A guess's accuracy: 100 / the dataset's classes.
  double chanceAccuracy() const;
  // The sampling error of `t`'s score from the rows it reads: each part's standard error
  // (binomial for the three accuracies, the Kolmogorov distribution's spread, 0.26, for the
  // membership distance), combined as the score averages them.
  double standardError(const CalibrationTrial& t) const;
  // Whether `t` leaves the model further from a retrain than the original model is, by more
  // than the original's sampling error: the sign that a rate did harm, which the searches'
  // safety steps answer with smaller rates past the budget. Within that error it is noise.
  bool harmful(const CalibrationTrial& t) const { return !(t.score < original_.score + standardError(original_)); }

 private:
  struct Predictions {
    torch::Tensor forget, retain, heldout;  // softmax probabilities of each row set
  };
  Predictions predict(ml::Classifier& model) const;
  CalibrationTrial measure(const Predictions& p) const;
  double combine(const CalibrationTrial& t) const;
  // A retrain's accuracy on D_f: 0 class-wise (the class is never predicted), otherwise the
  // held-out target (D_f looks like unseen rows).
  double forgetTarget() const { return class_wise_ ? 0.0 : heldout_target_; }

  const ml::Dataset& data_;
  torch::Tensor forget_, retain_, heldout_;
  bool class_wise_;
  torch::Device device_;
  CalibrationTrial original_;
  double retain_target_ = 0.0;   // a retrain's expected accuracy on the retain and held-out rows
  double heldout_target_ = 0.0;
};

// How many points of held-out accuracy a retrain on a `retain_share` of the training rows is
// expected to lose against the original, from the original's learning curve (held-out
// accuracy after each of its epochs). The retrain runs the recipe's epochs over fewer rows:
// the steps of `retain_share` × epochs of the original, which reached the curve's accuracy
// there. The curve is read through its running maximum (a noisy dip mid-training is not a
// loss) from chance level before the first epoch. Fewer distinct rows also cost accuracy;
// that part is not estimated, so this is a lower bound. 0 without a curve.
double estimateRetrainShortfall(const std::vector<double>& curve, double retain_share, int64_t num_classes);

// At most `limit` of `rows` (a seeded draw, order kept), for measurements that need no more.
torch::Tensor subsampleRows(const torch::Tensor& rows, int64_t limit, uint64_t seed);

}  // namespace lethe::exec
