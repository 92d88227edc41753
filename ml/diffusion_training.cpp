// The generator's training loop: Adam on ε-prediction with label dropout, gradient clipping,
// and an EMA of the weights updated after every step (the EMA is what a generator stores).
#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>

#include "common/error.hpp"
#include "ml/diffusion.hpp"

namespace lethe::ml {
namespace {

// The smoothed loss is read back from the device this often (and at the end): a read is a
// device sync, which on an accelerator would stall every step.
constexpr int64_t kLossReadEvery = 10;
constexpr double kLossSmoothing = 0.01;

void checkTraining(const GeneratorTraining& training, const torch::Tensor& images, const torch::Tensor& labels) {
  if (training.steps < 1) throw Error(ErrorKind::Execution, "steps must be at least 1, got " + std::to_string(training.steps));
  if (training.batch_size < 1)
    throw Error(ErrorKind::Execution, "batch_size must be at least 1, got " + std::to_string(training.batch_size));
  if (!(training.lr > 0.0)) throw Error(ErrorKind::Execution, "lr must be positive");
  if (images.size(0) == 0) throw Error(ErrorKind::Execution, "no training rows left to train on");
  if (labels.dim() != 1 || labels.size(0) != images.size(0))
    throw Error(ErrorKind::Execution, "the generator needs one label per training image");
}

}  // namespace

GeneratorTrainStats trainGenerator(NoisePredictor& model, EmaWeights& ema, const NoiseSchedule& schedule,
                                   const torch::Tensor& images, const torch::Tensor& labels,
                                   const GeneratorTraining& training, const TrainStepCallback& on_step) {
  checkTraining(training, images, labels);
  const auto start = std::chrono::steady_clock::now();
  model.train();
  torch::optim::Adam optimizer(model.parameters(), torch::optim::AdamOptions(training.lr));
  at::Generator generator = at::detail::createCPUGenerator(training.seed);
  const int64_t rows = images.size(0);
  const int64_t batch_size = std::min(training.batch_size, rows);

  // Bias-corrected exponential average kept on the device; `reported` is its last read-back.
  torch::Tensor smoothed = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(images.device()));
  double reported = 0.0;
  torch::Tensor order;
  int64_t cursor = rows;  // forces a permutation before the first batch
  GeneratorTrainStats stats;
  for (int64_t step = 1; step <= training.steps; ++step) {
    if (cursor + batch_size > rows) {
      order = torch::randperm(rows, generator, torch::TensorOptions().dtype(torch::kInt64)).to(images.device());
      cursor = 0;
    }
    const torch::Tensor batch = order.slice(0, cursor, cursor + batch_size);
    cursor += batch_size;

    optimizer.zero_grad();
    const torch::Tensor loss = diffusionLoss(model, schedule, images.index_select(0, batch),
                                             labels.index_select(0, batch), generator, training.label_dropout);
    loss.backward();
    if (training.grad_clip > 0.0) torch::nn::utils::clip_grad_norm_(model.parameters(), training.grad_clip);
    optimizer.step();
    ema.update(model);

    smoothed.mul_(1.0 - kLossSmoothing).add_(loss.detach().to(torch::kFloat64), kLossSmoothing);
    if (step % kLossReadEvery == 0 || step == training.steps || step == 1)
      reported = smoothed.item<double>() / (1.0 - std::pow(1.0 - kLossSmoothing, double(step)));
    stats.images += batch_size;
    if (on_step) on_step(step, training.steps, reported);
  }
  stats.smoothed_loss = reported;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace lethe::ml
