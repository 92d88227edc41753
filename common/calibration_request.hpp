#pragma once
// What the binder asks calibration to choose (docs/calibration.md) and the calibration split
// it checks at bind time; the executors carry it out.
#include <cstdint>
#include <optional>
#include <vector>

namespace lethe {

// Calibration (docs/calibration.md): before the method runs, short trials on a subsample of
// the forget and retain sets choose the options the user left unset, each scored by a
// retrain-free criterion on a calibration split of the test rows (which TA never reads).
//
// The calibration split: this share of a dataset's test rows (a seeded draw, the same for every
// statement) is held out for calibration's criterion; TA, class_acc and the MIA attack read
// only the other test rows. Calibration refuses to score on fewer held-out rows than the minimum.
constexpr double kCalibrationShare = 0.2;
constexpr int64_t kMinCalibrationRows = 20;

struct CalibrationRequest {
  bool lr = false;          // choose the learning rate, in [lr_min, lr_max]
  double lr_min = 0.0;
  double lr_max = 0.0;
  bool epochs = false;      // choose the epochs, in 1..max_epochs, from per-epoch checkpoints
  int64_t max_epochs = 0;
  double budget = 0.25;     // calibration + unlearning at most this share of an estimated retrain
  // Seconds the model's recipe took to train (its CREATE MODEL run), when known: the retrain
  // the cost is reported against is this, scaled to the retain rows; else it is timed.
  std::optional<double> training_seconds;
  // The held-out accuracy after each epoch of that run (its learning curve), when known: a
  // retrain trains the same epochs over fewer rows, so fewer steps, and the curve tells how
  // much accuracy that costs (estimateRetrainShortfall). Empty: the retrain is assumed to
  // keep the original's accuracy (imported models, models trained before curves were kept).
  std::vector<double> learning_curve;
  bool epoch_reads_forget = true;  // what one epoch of the method trains on (its cost)
  bool epoch_reads_retain = true;

  // Whether `lr` lies in [lr_min, lr_max] (up to rounding of the ladder's products).
  bool rateInRange(double lr) const { return lr >= lr_min * (1 - 1e-9) && lr <= lr_max * (1 + 1e-9); }
};

}  // namespace lethe
