#include "ml/lr_schedule.hpp"

#include <cmath>

#include "common/error.hpp"
#include "common/suggest.hpp"

namespace lethe::ml {

int64_t stepDecays(const LrSchedule& schedule, int64_t epoch) {
  if (schedule.step_size > 0) return epoch / schedule.step_size;
  // Milestones at half (rounded up) and three quarters (rounded down) of training: SalUn's
  // 91 and 136 of 182 epochs exactly, and never two decays in a row for short runs.
  const int64_t first = (schedule.epochs + 1) / 2;
  const int64_t second = (3 * schedule.epochs) / 4;
  int64_t decays = 0;
  if (first > 0 && epoch >= first) ++decays;
  if (second > first && epoch >= second) ++decays;
  return decays;
}

double learningRate(const LrSchedule& schedule, int64_t step) {
  if (schedule.kind == "constant") return schedule.lr;
  if (schedule.kind == "cosine") {
    const double total = double(std::max<int64_t>(1, schedule.epochs * schedule.steps_per_epoch));
    return 0.5 * schedule.lr * (1.0 + std::cos(std::acos(-1.0) * double(step) / total));
  }
  if (schedule.kind == "cosine_epoch") {
    // PyTorch's CosineAnnealingLR(T_max = epochs) stepped once per epoch: constant within an
    // epoch, the first epoch at `lr`.
    const int64_t epoch = step / std::max<int64_t>(1, schedule.steps_per_epoch);
    return 0.5 * schedule.lr * (1.0 + std::cos(std::acos(-1.0) * double(epoch) / double(std::max<int64_t>(1, schedule.epochs))));
  }
  if (schedule.kind == "step") {
    const int64_t epoch = step / std::max<int64_t>(1, schedule.steps_per_epoch);
    return schedule.lr * std::pow(schedule.gamma, double(stepDecays(schedule, epoch)));
  }
  throw Error(ErrorKind::Execution, unknownNameMessage("learning-rate schedule", schedule.kind, {"cosine", "cosine_epoch", "step", "constant"}));
}

}  // namespace lethe::ml
