#pragma once
// Calibration (docs/calibration.md): chooses a method's unset learning rate and epochs for
// this model and forget set. Short trials of the method run on a proportional subsample of
// D_f and D_r, in batches shrunk by the same factor so that a trial takes as many steps as the
// real run; each trial's per-epoch checkpoints are scored by CalibrationCriterion. The search
// walks a ladder of rates (factor 3, then one half-step) from the base rate toward the better
// score and stops when the score stops improving or the budget (rows trained) is spent. Where
// the budget holds three runs of two epochs or more on the full sets (class-wise, of one
// epoch), there is no subsample search: runCalibrated's runs on the full sets are the search.
// Where the user set the rate and only the epochs are calibrated, there is nothing to search:
// one run on the full sets takes the epochs the budget holds, and its checkpoints choose.
#include <torch/torch.h>

#include "executors/api.hpp"
#include "executors/methods.hpp"
#include "executors/metrics.hpp"
#include "executors/saliency.hpp"

namespace lethe::exec {

// The search's learning-rate ladder: a factor of 3 between rates; the last step of the search
// and of the full-data runs after it is a half-step (a factor of √3).
constexpr double kRateLadder = 3.0;

// The best score of the checkpoints at `lr` among `trials` (the subsample's, or the full
// sets' runs); infinity where none ran at that rate.
double bestScoreAt(const std::vector<CalibrationTrial>& trials, double lr, bool full_data);

// Epochs on the full sets that `rows_left` of the budget holds, each epoch costing the rows it
// trains on and the scoring of its checkpoint (a forward-only row counts a third).
double fullSetEpochsIn(double rows_left, double epoch_rows, double checkpoint_rows);

// "1 epoch", "3 epochs": for the calibration notes.
std::string epochCount(int64_t epochs);

struct CalibrationSetup {
  const MethodImplementation& method;
  const ForgetRequest& request;  // θ_o, the method's options, what to calibrate
  const ml::Dataset& data;
  const EvaluationSets& sets;    // the full forget, retain and calibration rows
  const SaliencyMask* mask;      // the run's mask, shared by every trial
  torch::Device device;
  const ExecutionContext& context;
};

// Runs the search. The report's `chosen` options replace the request's for the real run.
// Throws Error(Execution) when there is nothing to calibrate on (too few held-out or retain
// rows), naming the way out.
CalibrationReport calibrate(const CalibrationSetup& setup);

// The method on the full sets with the calibrated options in `options` (the options of the
// request `input` carries), θ_o in `input.model`; leaves the chosen model there. Every
// per-epoch checkpoint is scored on the full forget and retain rows and the best is kept; where
// the report's budget leaves room, neighbouring rates are run on the full sets too (their runs
// join the report's trials), rungs toward the side of a retrain the first run missed (a run
// that forgot too little at the top of the rate range is lengthened before any rung); where
// these runs are the search, what the rates leave of the budget lengthens the best run if it
// was still improving when it ended. Updates `options` and the report's `chosen` and `result`.
void runCalibrated(const MethodImplementation& method, UnlearnInput input, const EvaluationSets& sets,
                   CalibrationReport& report, OptionValues& options);

}  // namespace lethe::exec
