// exec::train — CREATE MODEL and Retrain: SGD with momentum and weight decay, the learning
// rate cosine-annealed from `lr` to 0 over all steps, reshuffled every epoch.
#include <chrono>
#include <cmath>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/metrics.hpp"
#include "ml/device.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

struct Recipe {
  int64_t epochs;
  double lr;
  int64_t batch_size;
  double momentum;
  double weight_decay;
  uint64_t seed;
};

// Fallbacks are the registry's defaults; the binder normally resolves every option.
Recipe readRecipe(const OptionValues& recipe, const ExecutionContext& context) {
  Recipe r{recipe.integerOr("epochs", 8),          recipe.realOr("lr", 0.05),
           recipe.integerOr("batch_size", 128),    recipe.realOr("momentum", 0.9),
           recipe.realOr("weight_decay", 5e-4),    static_cast<uint64_t>(recipe.integerOr("seed", int64_t(context.seed)))};
  if (r.epochs < 1) throw Error(ErrorKind::Execution, "epochs must be at least 1, got " + std::to_string(r.epochs));
  if (r.batch_size < 1)
    throw Error(ErrorKind::Execution, "batch_size must be at least 1, got " + std::to_string(r.batch_size));
  if (!(r.lr > 0.0)) throw Error(ErrorKind::Execution, "lr must be positive");
  return r;
}

// Distinct, reproducible shuffle seeds per epoch (splitmix64 finaliser over seed and epoch).
uint64_t epochSeed(uint64_t seed, int64_t epoch) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ULL + static_cast<uint64_t>(epoch) + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The context with progress details prefixed by the epoch ("epoch 2/8 loss 0.4121").
ExecutionContext epochContext(const ExecutionContext& context, int64_t epoch, int64_t epochs) {
  ExecutionContext scoped = context;
  if (context.progress) {
    const std::string prefix = "epoch " + std::to_string(epoch + 1) + "/" + std::to_string(epochs) + " ";
    scoped.progress = [prefix, forward = context.progress](const Progress& p) {
      forward({p.op, p.done, p.total, prefix + p.detail});
    };
  }
  return scoped;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TrainOutcome train(const TrainRequest& request, const ExecutionContext& context) {
  const auto start = std::chrono::steady_clock::now();
  setThreads(context.threads);
  const torch::Device device = ml::resolveDevice(context.device);
  const Recipe recipe = readRecipe(request.recipe, context);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const ForgetSetSpec excluded{request.exclude_ids, {}};
  const torch::Tensor train_ids = makeEvaluationSets(*data, &excluded).retain;
  if (train_ids.numel() == 0) throw Error(ErrorKind::Execution, "no training rows left to train on");

  torch::manual_seed(recipe.seed);
  const DatasetSource& source = request.dataset;
  const ml::InputShape shape{source.channels, source.height, source.width, data->num_classes};
  std::shared_ptr<ml::Classifier> model = ml::makeClassifier(request.arch, shape);
  model->to(device);

  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(recipe.lr)
                                                       .momentum(recipe.momentum)
                                                       .weight_decay(recipe.weight_decay));
  const int64_t steps_per_epoch = (train_ids.numel() + recipe.batch_size - 1) / recipe.batch_size;
  const double total_steps = double(recipe.epochs * steps_per_epoch);
  int64_t step = 0;
  ml::StepHooks hooks;
  hooks.after_backward = [&]() {
    const double lr = 0.5 * recipe.lr * (1.0 + std::cos(M_PI * double(step++) / total_steps));
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::SGDOptions&>(group.options()).lr(lr);
  };

  TrainOutcome outcome;
  double training_seconds = 0.0;
  int64_t images = 0;
  for (int64_t epoch = 0; epoch < recipe.epochs; ++epoch) {
    const ml::EpochStats stats =
        ml::trainEpoch(*model, optimizer, data->train, train_ids, recipe.batch_size, epochSeed(recipe.seed, epoch),
                       device, epochContext(context, epoch, recipe.epochs), "train", hooks);
    training_seconds += stats.seconds;
    images += stats.images;
  }

  ml::checkCancelled(context);
  outcome.metrics["train_acc"] = ml::accuracy(*model, data->train, train_ids, device);
  outcome.metrics["test_acc"] = ml::accuracy(*model, data->test, torch::arange(data->test.size()), device);
  outcome.weights = ml::saveWeights(*model);
  outcome.parameters = ml::countParameters(*model);
  outcome.images_per_second = training_seconds > 0 ? double(images) / training_seconds : 0.0;
  outcome.seconds = secondsSince(start);
  return outcome;
}

}  // namespace lethe::exec
