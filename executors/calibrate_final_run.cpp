// Calibration's last step: the method on the full forget and retain sets. The search ran on
// a proportional subsample, which states a rate's damage only to a point or two (smaller
// batches are noisier steps); where the budget leaves room, neighbouring rates (whole rungs,
// then a half-step) are run on the full sets as well, and of every full run's per-epoch
// checkpoints the one the criterion scores best is kept.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "common/error.hpp"
#include "executors/calibrate.hpp"
#include "executors/calibration_criterion.hpp"
#include "executors/unlearn_common.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

namespace {

class FinalRuns {
 public:
  FinalRuns(const MethodImplementation& method, UnlearnInput input, const EvaluationSets& sets,
            CalibrationReport& report, OptionValues& options)
      : method_(method),
        input_(std::move(input)),
        report_(report),
        options_(options),
        criterion_(input_.model, input_.data, sets.forget, sets.retain, sets.heldout, input_.request.forget.classes,
                   report.retrain_shortfall, static_cast<uint64_t>(options.integer("seed")), input_.device),
        epochs_(options.integer("epochs")),
        checkpoints_(report.chosen.has("epochs")),
        search_on_full_sets_(report.trials.empty()) {}

  void run() {
    const double chosen = options_.real("lr");
    runAt(chosen, /*first=*/true);
    if (report_.chosen.has("lr")) {  // a rate to search (not the user's)
      refine(chosen);
      if (search_on_full_sets_) stepDownWhileWorseThanNothing();
      stepDownWhileDamaged();
    }
    if (rates_run_ > 1)
      report_.note += "; " + std::to_string(rates_run_) + " rates run on the full sets" +
                      (best_->lr != chosen ? ", a neighbour of the first rate scored better" : ", the first rate kept");
    if (!std::isfinite(best_->score))
      throw Error(ErrorKind::Execution, "calibration's runs of method '" + input_.request.method +
                                            "' on the full forget and retain sets all diverged; set lr yourself");
    if (!best_in_model_) ml::loadWeights(input_.model, best_weights_);
    input_.model.eval();
    options_.set("lr", best_->lr);
    if (report_.chosen.has("lr")) report_.chosen.set("lr", best_->lr);
    if (checkpoints_) {
      options_.set("epochs", best_->epochs);
      report_.chosen.set("epochs", best_->epochs);
    }
    report_.result = best_;
    if (criterion_.stillPredictsForgottenClasses(*best_)) warnForgottenClassesStillPredicted();
    if (criterion_.damagedBeyondARetrain(*best_)) warnDamaged();
  }

 private:
  // The chosen model still predicts the forgotten classes above chance: every rate and epoch
  // the budget and the method's range allowed left them (ft, which forgets a class only by
  // training on the others, leaves a class unlike the rest, such as 'Bag', predicted on about
  // half its rows; docs/benchmarks.md). The result row says so rather than pass it as forgotten.
  void warnForgottenClassesStillPredicted() {
    const bool one = input_.request.forget.classes.size() == 1;
    char text[320];
    std::snprintf(text, sizeof text,
                  "the forgotten class%s still predicted on %.1f%% of %s rows (a retrain: never; a guess: %.1f%%); "
                  "set a larger lr or more epochs, or use another method",
                  one ? " is" : "es are", best_->forget_acc, one ? "its" : "their", criterion_.chanceAccuracy());
    report_.warning = text;
  }

  // Random and sample sets: the chosen model lost retain and held-out accuracy that a retrain
  // keeps, beyond sampling error. The criterion can still rank it best where every rate the
  // budget reached did such harm (or the user's lr did), and the metric's attack then calls
  // far more of D_f non-members than a retrain's does (docs/calibration.md).
  void warnDamaged() {
    char text[320];
    std::snprintf(text, sizeof text,
                  "retain and held-out accuracy fell to %.1f%% and %.1f%%, below what a retrain is expected to keep "
                  "(%.1f%%, %.1f%%) by more than their sampling error; the model may be damaged: set a smaller lr",
                  best_->retain_acc, best_->heldout_acc, criterion_.retainTarget(), criterion_.heldoutTarget());
    report_.warning = text;
  }

  // A rung (a factor of 3) away from the chosen rate, toward the side of a retrain its run
  // missed (up where D_f's accuracy says it forgot too little, else down), then on in that
  // direction while it helps and the budget lasts; the other way where the first rung did not
  // help; last, a half-step toward the better full-set neighbour of the best rate. The first
  // run's D_f accuracy, not the subsample's neighbour scores, sets the direction: a run on the
  // full sets measures its rate better than subsample trials do, and on long-trained models
  // the subsample misjudges a high rate's damage by more than a half-step (docs/benchmarks.md),
  // so the full sets take whole rungs first. Where these runs are the search (no subsample
  // search ran), what the budget holds after the rungs goes to more epochs of the best run
  // where it was still improving when it ended. Where the chosen rate forgot too little and is
  // the top rung of the range, no rate can add the forgetting that is missing (and a smaller
  // one forgets less still), so those epochs come before any rung.
  void refine(double chosen) {
    const bool forgot_too_little = criterion_.forgotTooLittle(*best_);
    if (forgot_too_little && !input_.request.calibration->rateInRange(chosen * kRateLadder)) lengthenBestRun();
    const double first = forgot_too_little ? kRateLadder : 1.0 / kRateLadder;
    for (double factor : {first, 1.0 / first}) {
      climb(chosen, factor);
      if (best_->lr != chosen) break;
    }
    if (search_on_full_sets_) lengthenBestRun();
    const double best = best_->lr, half_step = std::sqrt(kRateLadder);
    const bool upward = bestScoreAt(report_.trials, best * kRateLadder, true) <
                        bestScoreAt(report_.trials, best / kRateLadder, true);
    const double lr = best * (upward ? half_step : 1.0 / half_step);
    if (input_.request.calibration->rateInRange(lr) && affordable()) runAt(lr, /*first=*/false);
  }

  void climb(double from, double factor) {
    for (double lr = from * factor; input_.request.calibration->rateInRange(lr) && affordable(); lr *= factor) {
      const double before = best_->score;
      runAt(lr, /*first=*/false);
      if (!(best_->score < before)) break;
    }
  }

  // Where the search ran here (no subsample trials) and every rate run did harm (left the
  // model further from a retrain than θ_o itself, beyond the criterion's noise), smaller rates
  // are run past the budget until one does not or the range ends: a vanishing rate tends to
  // θ_o. The subsample search takes the same safety steps on its own trials (calibrate.cpp).
  void stepDownWhileWorseThanNothing() {
    stepDownWhile([&](const CalibrationTrial& t) { return criterion_.harmful(t); },
                  "every rate run scored worse than the original model, beyond the criterion's noise", "none better");
  }

  // Where the best checkpoint of every run lost retain and held-out accuracy that a retrain
  // keeps (damagedBeyondARetrain), smaller rates are run past the budget until one keeps them
  // or the range ends: a vanishing rate tends to θ_o, which keeps them. An undamaged checkpoint
  // is chosen over a damaged one whatever their scores (better()). On an mlp trained 15 epochs
  // on 12,000 rows at 50% random, one epoch at lr 0.000667 lost 9 points of RA and 7 of TA
  // (gap 11.2); 0.000222 kept them (gap 1.7).
  void stepDownWhileDamaged() {
    stepDownWhile([&](const CalibrationTrial& t) { return criterion_.damagedBeyondARetrain(t); },
                  "the best run lost retain and held-out accuracy a retrain keeps", "none kept them");
  }

  // Smaller rates on the full sets past the budget while `still` holds of the best checkpoint:
  // the first a rung below the smallest rate run on the full sets, each next a rung lower, until
  // the range ends. The note says why (`why`) and, where the last still holds, `none_did`.
  template <typename Still>
  void stepDownWhile(Still still, const std::string& why, const std::string& none_did) {
    if (!still(*best_)) return;
    double lowest = best_->lr;
    for (const CalibrationTrial& t : report_.trials)
      if (t.full_data) lowest = std::min(lowest, t.lr);
    int steps = 0;
    for (double lr = lowest / kRateLadder; still(*best_) && input_.request.calibration->rateInRange(lr);
         lr /= kRateLadder, ++steps)
      runAt(lr, /*first=*/false);
    report_.note += "; " + why;
    if (steps == 0) {
      report_.note += ", and the range has no smaller rate";
      return;
    }
    report_.note += ": " + std::to_string(steps) + (steps == 1 ? " smaller rate" : " smaller rates") +
                    " run past the budget" + (still(*best_) ? ", " + none_did + " (the range ends there)" : "");
  }

  // Whether checkpoint `a` is a better choice than `b`: a finite one before a diverged one, one
  // that keeps the accuracy a retrain keeps before one that does not, then the lower score.
  bool better(const CalibrationTrial& a, const CalibrationTrial& b) const {
    if (std::isfinite(a.score) != std::isfinite(b.score)) return std::isfinite(a.score);
    const bool a_damaged = criterion_.damagedBeyondARetrain(a), b_damaged = criterion_.damagedBeyondARetrain(b);
    if (a_damaged != b_damaged) return b_damaged;
    return a.score < b.score;
  }

  // The budget left, in epochs on the full sets (each with its checkpoint's score).
  double epochsLeft() const {
    return fullSetEpochsIn(report_.budget_rows - report_.spent_rows, report_.full_epoch_rows,
                           criterion_.rowsPerScore() / 3.0);
  }
  bool affordable() const { return epochsLeft() >= static_cast<double>(epochs_); }

  // Where the best checkpoint is its run's last epoch (the score was still falling when the
  // run ended), the run resumes from it for as many epochs as the budget has left, up to the
  // method's maximum. Runs of equal length choose the rate; on a model that memorised its
  // rows the chosen rate keeps gaining for epochs after that (docs/benchmarks.md, "The rest
  // of the budget").
  void lengthenBestRun() {
    const int64_t max_epochs = input_.request.calibration->max_epochs;
    const int64_t extra = std::min<int64_t>(static_cast<int64_t>(std::floor(epochsLeft())), max_epochs - epochs_);
    if (lengthened_ || !checkpoints_ || best_->epochs != epochs_ || extra < 1) return;
    lengthened_ = true;
    if (best_in_model_)
      best_weights_ = ml::saveWeights(input_.model);  // the lengthened run overwrites it
    else
      ml::loadWeights(input_.model, best_weights_);
    best_in_model_ = false;
    train(best_->lr, epochs_, epochs_ + extra);
    report_.note += "; the best run lengthened by " + epochCount(extra);
  }

  void runAt(double lr, bool first) {
    ++rates_run_;
    if (!first) {
      if (best_in_model_) best_weights_ = ml::saveWeights(input_.model);  // this run overwrites it
      best_in_model_ = false;
      ml::loadWeights(input_.model, input_.request.weights);
    }
    train(lr, 0, epochs_);
  }

  // The method at `lr` from the model's state after `from` epochs (θ_o at 0) to epoch `to`.
  void train(double lr, int64_t from, int64_t to) {
    options_.set("lr", lr);
    options_.set("epochs", to);
    input_.first_epoch = from;
    auto checkpoint = [&](int64_t epochs_done) {
      CalibrationTrial t;
      t.score = std::numeric_limits<double>::infinity();
      if (finiteWeights(input_.model)) t = criterion_.score(input_.model);
      t.lr = lr;
      t.epochs = epochs_done;
      t.full_data = true;
      report_.spent_rows += criterion_.rowsPerScore() / 3.0;
      report_.trials.push_back(t);
      if (best_ && !better(t, *best_)) return;
      best_ = t;
      // The run's last checkpoint stays in the model unless another run follows (saved then);
      // an earlier one is saved now, before the next epoch changes the model.
      best_in_model_ = epochs_done == to;
      if (!best_in_model_) best_weights_ = ml::saveWeights(input_.model);
    };
    if (checkpoints_) input_.after_epoch = checkpoint;
    method_.run(input_);
    if (!checkpoints_) checkpoint(to);
    report_.spent_rows += static_cast<double>(to - from) * report_.full_epoch_rows;
  }

  const MethodImplementation& method_;
  UnlearnInput input_;
  CalibrationReport& report_;
  OptionValues& options_;  // the run's options (the request the method reads)
  const CalibrationCriterion criterion_;
  const int64_t epochs_;
  const bool checkpoints_;
  const bool search_on_full_sets_;  // calibrate() ran no subsample search: these runs are the search
  std::optional<CalibrationTrial> best_;
  Bytes best_weights_;     // the best checkpoint, where the model no longer holds it
  bool best_in_model_ = false;
  int rates_run_ = 0;
  bool lengthened_ = false;
};

}  // namespace

void runCalibrated(const MethodImplementation& method, UnlearnInput input, const EvaluationSets& sets,
                   CalibrationReport& report, OptionValues& options) {
  FinalRuns(method, std::move(input), sets, report, options).run();
}

}  // namespace lethe::exec
