#pragma once
// Learning-rate schedules of the training recipe (CREATE MODEL ... WITH (schedule = ...)).
// Torch-free arithmetic, so the rates can be checked without a model.
#include <cstdint>
#include <string>

namespace lethe::ml {

struct LrSchedule {
  std::string kind = "cosine";  // "cosine" | "step" | "constant"
  double lr = 0.05;             // the starting rate
  int64_t epochs = 1;
  int64_t steps_per_epoch = 1;
  double gamma = 0.1;           // step: the factor per decay
  int64_t step_size = 0;        // step: epochs between decays; 0 = at 50% and 75% of `epochs`
};

// The rate of optimizer step `step` (0-based, counted over all epochs):
//   cosine:   lr/2 (1 + cos(pi step / total steps)): `lr` first, reaching 0 at the end;
//   step:     lr * gamma^(decays before this step's epoch), decays counted per epoch as
//             torch's StepLR / MultiStepLR do;
//   constant: lr.
// Throws Error(Execution) for an unknown kind.
double learningRate(const LrSchedule& schedule, int64_t step);

// Number of decays the step schedule has applied by the start of 0-based `epoch`.
int64_t stepDecays(const LrSchedule& schedule, int64_t epoch);

}  // namespace lethe::ml
