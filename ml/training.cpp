// Shuffled index batches, one SGD epoch, and batched evaluation.
#include "ml/training.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>

#include "common/error.hpp"
#include "ml/eval_mode_scope.hpp"

namespace lethe::ml {
namespace {

// Progress is reported every this many batches (and after the last): often enough for a
// live display, rare enough that the loss read-back (a device sync) costs nothing.
constexpr int64_t kProgressEvery = 20;

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string formatLoss(double loss) {
  char text[32];
  std::snprintf(text, sizeof text, "loss %.4f", loss);
  return text;
}

}  // namespace

std::vector<torch::Tensor> makeBatches(const torch::Tensor& indices, int64_t batch_size, bool shuffle,
                                       uint64_t generator_seed) {
  if (batch_size < 1) throw Error(ErrorKind::Execution, "batch_size must be at least 1, got " + std::to_string(batch_size));
  torch::Tensor order = indices.to(torch::kCPU, torch::kInt64).flatten();
  if (shuffle && order.numel() > 1) {
    at::Generator generator = at::detail::createCPUGenerator(generator_seed);
    order = order.index_select(0, torch::randperm(order.numel(), generator, torch::kInt64));
  }
  std::vector<torch::Tensor> batches;
  for (int64_t start = 0; start < order.numel(); start += batch_size)
    batches.push_back(order.slice(0, start, std::min(start + batch_size, order.numel())));
  return batches;
}

EpochStats trainEpoch(Classifier& model, torch::optim::Optimizer& optimizer, const Split& split,
                      const torch::Tensor& indices, int64_t batch_size, uint64_t shuffle_seed,
                      const torch::Device& device, const ExecutionContext& context,
                      const std::string& op_name, const StepHooks& hooks, const BatchLoss& loss) {
  const auto start = std::chrono::steady_clock::now();
  model.train();
  const std::vector<torch::Tensor> batches = makeBatches(indices, batch_size, /*shuffle=*/true, shuffle_seed);
  const auto total = static_cast<int64_t>(batches.size());
  // Summed on the device and read back only for progress, so steps never wait on a sync.
  torch::Tensor loss_sum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
  EpochStats stats;
  for (int64_t b = 0; b < total; ++b) {
    checkCancelled(context);
    const torch::Tensor& batch = batches[b];
    torch::Tensor x = toInput(split.images.index_select(0, batch), device);
    if (hooks.transform_input) x = hooks.transform_input(x);
    torch::Tensor y = split.labels.index_select(0, batch).to(device);
    optimizer.zero_grad();
    torch::Tensor logits = model.forward(x);
    torch::Tensor batch_loss = loss ? loss(logits, y, batch) : torch::cross_entropy_loss(logits, y);
    batch_loss.backward();
    if (hooks.after_backward) hooks.after_backward();
    optimizer.step();
    if (hooks.after_step) hooks.after_step();
    loss_sum += batch_loss.detach().to(torch::kFloat64);
    stats.images += batch.numel();
    if (context.progress && ((b + 1) % kProgressEvery == 0 || b + 1 == total))
      context.progress({op_name, b + 1, total, formatLoss(loss_sum.item<double>() / double(b + 1))});
  }
  stats.loss = total > 0 ? loss_sum.item<double>() / double(total) : 0.0;
  stats.seconds = secondsSince(start);
  return stats;
}

torch::Tensor probabilities(Classifier& model, const Split& split, const torch::Tensor& indices,
                            const torch::Device& device, int64_t batch_size) {
  EvalModeScope eval_mode(model);
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (const torch::Tensor& batch : makeBatches(indices, batch_size, /*shuffle=*/false, 0)) {
    torch::Tensor logits = model.forward(toInput(split.images.index_select(0, batch), device));
    parts.push_back(torch::softmax(logits, 1).to(torch::kCPU));
  }
  if (parts.empty()) return torch::empty({0, 0}, torch::kFloat32);
  return torch::cat(parts);
}

double accuracy(Classifier& model, const Split& split, const torch::Tensor& indices, const torch::Device& device,
                int64_t batch_size) {
  EvalModeScope eval_mode(model);
  torch::NoGradGuard no_grad;
  int64_t correct = 0;
  int64_t seen = 0;
  for (const torch::Tensor& batch : makeBatches(indices, batch_size, /*shuffle=*/false, 0)) {
    torch::Tensor logits = model.forward(toInput(split.images.index_select(0, batch), device));
    torch::Tensor labels = split.labels.index_select(0, batch).to(device);
    correct += logits.argmax(1).eq(labels).sum().item<int64_t>();
    seen += batch.numel();
  }
  // An empty set has no accuracy to speak of; 0 keeps the metric finite (callers that care
  // about empty sets reject them before evaluating).
  return seen > 0 ? 100.0 * double(correct) / double(seen) : 0.0;
}

void checkCancelled(const ExecutionContext& context) {
  if (context.cancel && context.cancel->load(std::memory_order_relaxed))
    throw Error(ErrorKind::Interrupted, "statement cancelled");
}

}  // namespace lethe::ml
