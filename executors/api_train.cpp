// exec::train — CREATE MODEL and Retrain: SGD with momentum and weight decay, the learning
// rate cosine-annealed from `lr` to 0 over all steps, reshuffled every epoch.
#include <chrono>
#include <cmath>
#include <memory>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/metrics.hpp"
#include "ml/device.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

const double kPi = std::acos(-1.0);

struct Recipe {
  int64_t epochs = 0;
  double lr = 0.0;
  int64_t batch_size = 0;
  double momentum = 0.0;
  double weight_decay = 0.0;
  uint64_t seed = 0;
};

// Fallbacks are the registry's defaults; the binder normally resolves every option.
Recipe readRecipe(const OptionValues& recipe, const ExecutionContext& context) {
  Recipe r;
  r.epochs = recipe.integerOr("epochs", 8);
  r.lr = recipe.realOr("lr", 0.05);
  r.batch_size = recipe.integerOr("batch_size", 128);
  r.momentum = recipe.realOr("momentum", 0.9);
  r.weight_decay = recipe.realOr("weight_decay", 5e-4);
  r.seed = static_cast<uint64_t>(recipe.integerOr("seed", static_cast<int64_t>(context.seed)));
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

// Sets the learning rate before every optimizer step: lr/2 (1 + cos(pi t / T)) for step
// t of T, so the first step uses `lr` and the rate reaches 0 at the end of training.
ml::StepHooks cosineSchedule(torch::optim::SGD& optimizer, double lr, int64_t total_steps) {
  auto step = std::make_shared<int64_t>(0);
  ml::StepHooks hooks;
  hooks.after_backward = [&optimizer, lr, total_steps, step]() {
    const double rate = 0.5 * lr * (1.0 + std::cos(kPi * double((*step)++) / double(total_steps)));
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::SGDOptions&>(group.options()).lr(rate);
  };
  return hooks;
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
  const ml::StepHooks hooks = cosineSchedule(optimizer, recipe.lr, recipe.epochs * steps_per_epoch);

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
