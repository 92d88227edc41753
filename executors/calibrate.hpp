#pragma once
// Calibration (docs/calibration.md): chooses a method's unset learning rate and epochs for
// this model and forget set. Short trials of the method run on a proportional subsample of
// D_f and D_r, in batches shrunk by the same factor so that a trial takes as many steps as the
// real run; each trial's per-epoch checkpoints are scored by CalibrationCriterion. The search
// walks a ladder of rates (factor 3, then one half-step) from the base rate toward the better
// score and stops when the score stops improving or the budget (rows trained) is spent.
#include <torch/torch.h>

#include "executors/api.hpp"
#include "executors/methods.hpp"
#include "executors/metrics.hpp"
#include "executors/saliency.hpp"

namespace lethe::exec {

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

}  // namespace lethe::exec
