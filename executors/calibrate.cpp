#include "executors/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/error.hpp"
#include "executors/calibration_criterion.hpp"
#include "executors/unlearn_common.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

namespace {

// Below these the criterion measures noise: say so rather than choose on it.
constexpr int64_t kMinRetainRows = 100;
// The trials' subsample: an eighth of the training rows, but at least this many (small sets
// would otherwise leave a few dozen forget rows to score on).
constexpr double kProxyShare = 1.0 / 8.0;
constexpr double kMinProxyRows = 1024.0;
constexpr int64_t kMinProxyBatch = 8;
constexpr int kMaxTrials = 8;
constexpr int kMinTrials = 3;  // the start and a step each way, whatever the budget
// However small the model, calibration may train on this many rows (a second or two on a
// CPU): a quarter of a retrain that itself takes seconds leaves no room for a search.
constexpr double kMinBudgetRows = 20000;
// The real run may take at most this share of the budget, so that it and a run at a
// neighbouring rate on the full sets (runCalibrated) fit in two thirds, the search the rest.
constexpr double kRunShare = 1.0 / 3.0;
// A step's fixed cost (the optimiser's update, the mask, moving a batch), in the rows a step
// would have to train to take as long. Counted for the subsample's small batches only: in the
// real run's and the retrain's batches of 128 or more it is a few percent of a step. Measured
// at 19 rows (cnn) to 64 (mlp); the larger is counted, so the search stays inside its share
// on either (docs/benchmarks.md, "What a small batch costs").
constexpr double kTrialStepRows = 64;
// Where three runs of at least this many epochs on the full sets fit in the budget (the start
// rate and a rung each way, the least a search can be), the search runs there instead of on
// the subsample, so that the checkpoints choose among epochs too.
constexpr int64_t kMinFullSetEpochs = 2;
// Class-wise, one epoch a run is enough. Whether a class is still predicted turns on how far
// a whole epoch's steps carry the model off it, which the subsample's batches, an eighth of
// the real run's, misjudge (ft at 0.09: no row of the class predicted on the subsample, 43-48%
// on the full sets), and the subsample holds an eighth of one class's rows to read it from.
// At random forgetting three one-epoch runs chose smaller rates than the subsample search and
// came out further from a retrain (docs/benchmarks.md, "The one-epoch full-set search,
// class-wise only").
constexpr int64_t kMinFullSetEpochsClassWise = 1;

struct Diverged {};

// Rates computed along different paths of the ladder (×3 then ÷3) differ in the last bits.
bool sameRate(double a, double b) { return std::fabs(a - b) <= 1e-6 * b; }

// Seconds per training row of one forward and backward pass in batches of `batch` rows
// (the second of two passes, so one-time set-up is not counted). On a throwaway copy.
double secondsPerRow(const CalibrationSetup& s, const torch::Tensor& rows, int64_t batch) {
  const std::shared_ptr<ml::Classifier> model = loadOriginal(s.request, s.device);
  model->train();
  const torch::Tensor ids = rows.slice(0, 0, std::min<int64_t>(batch, rows.numel()));
  const torch::Tensor x = ml::toInput(s.data.train.images.index_select(0, ids), s.device);
  const torch::Tensor y = s.data.train.labels.index_select(0, ids).to(s.device);
  double seconds = 0;
  for (int pass = 0; pass < 2; ++pass) {
    Stopwatch watch;
    torch::nn::functional::cross_entropy(model->forward(x), y).backward();
    seconds = watch.seconds();
  }
  return seconds / static_cast<double>(ids.numel());
}

class Search {
 public:
  explicit Search(const CalibrationSetup& setup)
      : s_(setup), want_(*setup.request.calibration), trial_request_(setup.request) {
    const torch::Tensor& forget = s_.sets.forget;
    const torch::Tensor& retain = s_.sets.retain;
    // Class-wise forgetting takes the class's rows out of the split the binder checked.
    if (s_.sets.heldout.numel() < kMinCalibrationRows / 2)
      throw Error(ErrorKind::Execution,
                  "calibration needs held-out rows: the dataset's calibration split (a fifth of its test rows) has " +
                      std::to_string(s_.sets.heldout.numel()) + " usable rows, fewer than " + std::to_string(kMinCalibrationRows / 2) +
                      "; set lr and epochs yourself, or WITH (calibrate = false) for the base defaults");
    if (retain.numel() < kMinRetainRows)
      throw Error(ErrorKind::Execution,
                  "calibration needs a retain set to measure damage on: only " + std::to_string(retain.numel()) +
                      " training rows remain (fewer than " + std::to_string(kMinRetainRows) +
                      "); set lr and epochs yourself, or WITH (calibrate = false) for the base defaults");
    const OptionValues& base = s_.request.options;
    const uint64_t seed = static_cast<uint64_t>(base.integer("seed"));
    const double rows = static_cast<double>(forget.numel() + retain.numel());
    share_ = std::min(1.0, std::max(kProxyShare, kMinProxyRows / rows));
    auto part = [&](const torch::Tensor& ids, uint64_t salt) {
      const auto count = std::max<int64_t>(1, std::llround(share_ * static_cast<double>(ids.numel())));
      return subsampleRows(ids, count, seed * 7919 + salt);
    };
    proxy_forget_ = part(forget, 1);
    proxy_retain_ = part(retain, 2);
    batch_ = base.integer("batch_size");
    proxy_batch_ = std::clamp<int64_t>(std::llround(share_ * static_cast<double>(batch_)), std::min(kMinProxyBatch, batch_), batch_);
    trial_request_.options.set("batch_size", proxy_batch_);
    // The criterion reads the proxy rows the trials were unlearned on.
    const std::shared_ptr<ml::Classifier> original = loadOriginal(s_.request, s_.device);
    report_.retrain_shortfall = estimateRetrainShortfall(
        want_.learning_curve, static_cast<double>(retain.numel()) / rows, s_.data.num_classes);
    criterion_.emplace(*original, s_.data, proxy_forget_, proxy_retain_, s_.sets.heldout, s_.request.forget.classes,
                       report_.retrain_shortfall, seed, s_.device);

    // The budget, in rows trained on (a forward and backward pass; a forward-only row counts a
    // third), not seconds, so that the same statement makes the same choices on a busy machine:
    // a share of a retrain, which trains the recipe's epochs over D_r.
    const double retrain_rows = static_cast<double>(s_.request.recipe.integer("epochs")) * static_cast<double>(retain.numel());
    budget_rows_ = std::max(want_.budget * retrain_rows, kMinBudgetRows);
    spent_rows_ = criterion_->rowsPerScore() / 3.0;  // the original's score
    full_score_rows_ = CalibrationCriterion::rowsPerScore(forget.numel(), retain.numel(), s_.sets.heldout.numel()) / 3.0;
    // What an epoch of the real run trains on, until a trial has counted it.
    full_epoch_rows_ = static_cast<double>((want_.epoch_reads_forget ? forget.numel() : 0) +
                                           (want_.epoch_reads_retain ? retain.numel() : 0));
    // Seconds only for the report: the model's own training time scaled to D_r, or, for a
    // model with no training run (imported), the recipe timed on two batches.
    if (want_.training_seconds)
      report_.retrain_seconds = *want_.training_seconds * static_cast<double>(retain.numel()) / rows;
    else
      report_.retrain_seconds = retrain_rows * secondsPerRow(s_, retain, batch_);
    report_.proxy_forget_rows = proxy_forget_.numel();
    report_.proxy_retain_rows = proxy_retain_.numel();
    report_.proxy_batch_size = proxy_batch_;
    report_.heldout_rows = criterion_->heldoutRows();
    report_.original = criterion_->original();
  }

  CalibrationReport run() {
    const OptionValues& base = s_.request.options;
    trial_epochs_ = want_.epochs ? epochCap() : base.integer("epochs");
    double lr = base.real("lr");
    if (want_.lr) lr = std::clamp(lr, want_.lr_min, want_.lr_max);
    const int64_t full_epochs = want_.lr && want_.epochs ? fullSetSearchEpochs() : 0;
    if (full_epochs > 0) {
      // runCalibrated searches on the full sets from the start rate, which the subsample
      // only approximates (docs/calibration.md).
      best_.lr = lr;
      best_.epochs = full_epochs;
      best_.score = criterion_->original().score;
      report_.note = "the budget holds three runs of " + epochCount(full_epochs) + " on the full sets: no subsample search";
    } else if (!want_.lr && want_.epochs) {
      // The rate is the user's: with no rate to search, the budget goes to one run on the full
      // sets, and its per-epoch checkpoints choose the epochs (runCalibrated).
      best_.lr = lr;
      best_.epochs = oneRunEpochs();
      best_.score = criterion_->original().score;
      report_.note = "lr set: one run of " + epochCount(best_.epochs) + " on the full sets";
    } else {
      best_ = trial(lr);
      if (want_.lr) searchRates(lr);
    }
    if (want_.lr) report_.chosen.set("lr", best_.lr);
    if (want_.epochs) report_.chosen.set("epochs", best_.epochs);
    report_.budget_rows = budget_rows_;
    report_.spent_rows = spent_rows_;
    report_.full_epoch_rows = full_epoch_rows_;
    report_.seconds = watch_.seconds();
    if (!std::isfinite(best_.score))
      throw Error(ErrorKind::Execution, "calibration found no rate at which method '" + s_.request.method +
                                            "' stays finite (every trial diverged); set lr yourself");
    return report_;
  }

 private:
  // Epochs the real run may take: kRunShare of the budget, at the current estimate of an epoch's cost.
  int64_t epochCap() const {
    const auto affordable =
        static_cast<int64_t>(std::floor(kRunShare * budget_rows_ / std::max(full_epoch_rows_, 1.0)));
    return std::clamp<int64_t>(affordable, 1, want_.max_epochs);
  }

  // The epochs of each of three runs where the search runs on the full sets (the start rate and
  // a rung each way: the search's minimum); 0 where the budget does not hold three runs of
  // kMinFullSetEpochs (class-wise, kMinFullSetEpochsClassWise). Two longer runs instead brought
  // salun closer to a retrain on models that memorised their rows, but left ft, whose rate
  // there lies two rungs above its base, a rung short (docs/benchmarks.md, "Longer runs on the
  // full sets"): rates before epochs. What the three runs leave of the budget lengthens the
  // best of them (runCalibrated).
  int64_t fullSetSearchEpochs() const {
    const int64_t run = std::min<int64_t>(static_cast<int64_t>(fullEpochsLeft() / 3.0), want_.max_epochs);
    const int64_t least = s_.request.forget.classes.empty() ? kMinFullSetEpochs : kMinFullSetEpochsClassWise;
    return run >= least ? run : 0;
  }

  // Whole epochs on the full sets (each with its checkpoint's score) the budget has left.
  double fullEpochsLeft() const {
    return std::floor(fullSetEpochsIn(budget_rows_ - spent_rows_, full_epoch_rows_, full_score_rows_));
  }

  // The epochs of one run on the full sets that the rest of the budget holds.
  int64_t oneRunEpochs() const {
    return std::clamp<int64_t>(static_cast<int64_t>(fullEpochsLeft()), 1, want_.max_epochs);
  }

  // Whether a subsample trial ran at `lr` (diverged or not).
  bool triedAt(double lr) const {
    return std::any_of(report_.trials.begin(), report_.trials.end(), [&](const CalibrationTrial& t) { return sameRate(t.lr, lr); });
  }

  // Whether every rate tried so far leaves the model further from a retrain than doing nothing,
  // by more than the criterion's sampling error: harm, not a score within the noise of θ_o's
  // (one-epoch trials of random forgetting often barely move the subsample's score, and then
  // the safety steps below spent past the budget for nothing; docs/benchmarks.md).
  bool worseThanNothing() const { return criterion_->harmful(best_); }

  // `safety`: a smaller rate where every rate so far did harm, which the budget does not stop.
  bool affordable(double lr, bool safety) {
    if (!want_.rateInRange(lr)) {
      stop_ = "the end of the rate range";
      return false;
    }
    if (rates_tried_ < kMinTrials) return true;
    // Room is kept for the real run and one run at a neighbouring rate on the full sets
    // (runCalibrated): a full run measures a rate better than any subsample trial.
    const double real_run = 2.0 * static_cast<double>(std::max<int64_t>(best_.epochs, 1)) * (full_epoch_rows_ + full_score_rows_);
    if (rates_tried_ >= kMaxTrials || (!safety && spent_rows_ + last_trial_rows_ + real_run > budget_rows_)) {
      stop_ = "the budget";
      return false;
    }
    return true;
  }

  enum class Step { Improved, NoBetter, NotTaken };

  Step tryRate(double lr, bool safety = false) {
    if (!affordable(lr, safety)) return Step::NotTaken;
    const CalibrationTrial t = trial(lr);
    if (!(t.score < best_.score)) {
      stop_ = "no better score";
      return Step::NoBetter;
    }
    best_ = t;
    return Step::Improved;
  }

  void searchRates(double start) {
    // Both neighbours of the start first: whether smaller or larger steps help is read from
    // trials, not guessed from one (a proxy trial's damage is partly noise), then the ladder
    // goes on the way that helped while it keeps helping.
    // Where every rate did more harm than doing nothing, smaller ones are tried however the
    // budget stands, even when the next one down is no better: the limit of a vanishing rate
    // is the original model, which scored better (a short-trained cnn losing 30 points of
    // accuracy to 50% random labels at the lowest rate the budget allowed was the case).
    tryRate(start * kRateLadder);
    tryRate(start / kRateLadder);
    if (best_.lr != start || worseThanNothing()) {
      const double factor = best_.lr > start && !worseThanNothing() ? kRateLadder : 1.0 / kRateLadder;
      for (double lr = best_.lr * factor;; lr *= factor) {
        if (triedAt(lr)) continue;  // the start's smaller neighbour, where safety steps begin at the start
        const bool safety = factor < 1 && worseThanNothing();
        const Step step = tryRate(lr, safety);
        if (step == Step::NotTaken || (step == Step::NoBetter && !safety)) break;
      }
    }
    // One half-step toward whichever neighbour of the best scored better.
    const double half = std::sqrt(kRateLadder);
    const double up = bestScoreAt(report_.trials, best_.lr * kRateLadder, false),
                 down = bestScoreAt(report_.trials, best_.lr / kRateLadder, false);
    const std::string ladder_stop = stop_;
    const bool refined = tryRate(best_.lr * (up < down ? half : 1.0 / half)) == Step::Improved;
    report_.note = std::to_string(rates_tried_) + " rates tried; the ladder stopped at " + ladder_stop +
                   (refined ? "; a half-step improved" : "; the half-step stopped at " + stop_);
  }

  // One trial at `lr`: the method on the proxy rows, every checkpoint scored; its best one.
  CalibrationTrial trial(double lr) {
    ++rates_tried_;
    const std::shared_ptr<ml::Classifier> model = loadOriginal(s_.request, s_.device);
    trial_request_.options.set("lr", lr);
    trial_request_.options.set("epochs", trial_epochs_);
    // The method reports each pass's batches; they count the rows the trial trained on.
    ExecutionContext context = s_.context;
    int64_t steps = 0, pass_done = 0;
    const int trial_number = rates_tried_;
    context.progress = [&, outer = s_.context.progress](const Progress& p) {
      steps += p.done >= pass_done ? p.done - pass_done : p.done;
      pass_done = p.done == p.total ? 0 : p.done;
      if (!outer) return;
      char detail[96];
      std::snprintf(detail, sizeof detail, "trial %d, lr %.3g: %s", trial_number, lr, p.detail.c_str());
      outer({"calibrate", p.done, p.total, detail});
    };
    CalibrationTrial best;
    best.score = std::numeric_limits<double>::infinity();
    best.lr = lr;
    auto checkpoint = [&](int64_t epochs_done) {
      CalibrationTrial t;
      t.score = std::numeric_limits<double>::infinity();
      if (finiteWeights(*model)) t = criterion_->score(*model);
      spent_rows_ += criterion_->rowsPerScore() / 3.0;
      t.lr = lr;
      t.epochs = epochs_done;
      report_.trials.push_back(t);
      if (t.score < best.score) best = t;
      if (!std::isfinite(t.score)) throw Diverged{};
    };
    UnlearnInput input{*model, s_.data, trial_request_, proxy_forget_, proxy_retain_, s_.mask, s_.device, context};
    if (want_.epochs) input.after_epoch = checkpoint;
    try {
      s_.method.run(input);
      if (!want_.epochs) checkpoint(trial_epochs_);
    } catch (const Diverged&) {
      // recorded; a larger rate will not do better
    }
    const double trial_rows = static_cast<double>(steps * proxy_batch_);
    last_trial_rows_ = trial_rows + kTrialStepRows * static_cast<double>(steps);
    spent_rows_ += last_trial_rows_;
    // What a full-data epoch costs, from this trial: its rows per epoch, scaled up.
    const double epochs_run = static_cast<double>(std::max<int64_t>(1, trial_epochs_));
    if (trial_rows > 0) full_epoch_rows_ = trial_rows / epochs_run / share_;
    return best;
  }

  const CalibrationSetup& s_;
  const CalibrationRequest& want_;
  ForgetRequest trial_request_;  // one copy (θ_o's bytes included); each trial sets its options
  Stopwatch watch_;
  double share_ = 1.0;
  torch::Tensor proxy_forget_, proxy_retain_;
  int64_t batch_ = 0, proxy_batch_ = 0;
  std::optional<CalibrationCriterion> criterion_;
  double budget_rows_ = 0;
  double spent_rows_ = 0;
  double full_epoch_rows_ = 0;
  double full_score_rows_ = 0;  // scoring one checkpoint of a full run
  double last_trial_rows_ = 0;
  int64_t trial_epochs_ = 1;
  int rates_tried_ = 0;
  std::string stop_ = "the first rate";  // why the last step was not taken
  CalibrationTrial best_;
  CalibrationReport report_;
};

}  // namespace

double fullSetEpochsIn(double rows_left, double epoch_rows, double checkpoint_rows) {
  return rows_left / std::max(epoch_rows + checkpoint_rows, 1.0);
}

std::string epochCount(int64_t epochs) { return std::to_string(epochs) + (epochs == 1 ? " epoch" : " epochs"); }

double bestScoreAt(const std::vector<CalibrationTrial>& trials, double lr, bool full_data) {
  double score = std::numeric_limits<double>::infinity();
  for (const auto& t : trials)
    if (t.full_data == full_data && sameRate(t.lr, lr)) score = std::min(score, t.score);
  return score;
}

CalibrationReport calibrate(const CalibrationSetup& setup) { return Search(setup).run(); }

}  // namespace lethe::exec
