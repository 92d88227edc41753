// exec::train — CREATE MODEL and Retrain: SGD with momentum and weight decay, the learning
// rate following the recipe's schedule (cosine-annealed from `lr` to 0 by default),
// reshuffled every epoch, batches optionally augmented (crop + flip).
#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/calibration_criterion.hpp"
#include "executors/generation.hpp"
#include "executors/metrics.hpp"
#include "ml/augment.hpp"
#include "ml/device.hpp"
#include "ml/gates.hpp"
#include "ml/lr_schedule.hpp"
#include "ml/scripted_classifier.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

struct Recipe {
  int64_t epochs = 0;
  double lr = 0.0;
  int64_t batch_size = 0;
  double momentum = 0.0;
  double weight_decay = 0.0;
  uint64_t seed = 0;
  std::string schedule = "cosine";
  double gamma = 0.1;
  int64_t step_size = 0;
  bool augment = false;
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
  // Recipes stored before these options existed lack them: their models were trained with
  // the cosine schedule and no augmentation, which retraining must reproduce.
  if (recipe.has("schedule")) r.schedule = recipe.string("schedule");
  r.gamma = recipe.realOr("gamma", 0.1);
  r.step_size = recipe.integerOr("step_size", 0);
  if (recipe.has("augment")) r.augment = recipe.boolean("augment");
  ml::learningRate({r.schedule, r.lr}, 0);  // an unknown schedule fails here, before any work
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

// Sets the learning rate before every optimizer step, as ml::learningRate gives it for the
// step's index over the whole run (cosine per step, step per epoch, or constant).
ml::StepHooks scheduleHooks(torch::optim::SGD& optimizer, const ml::LrSchedule& schedule) {
  auto step = std::make_shared<int64_t>(0);
  ml::StepHooks hooks;
  hooks.after_backward = [&optimizer, schedule, step]() {
    const double rate = ml::learningRate(schedule, (*step)++);
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::SGDOptions&>(group.options()).lr(rate);
  };
  return hooks;
}

// Crop + flip of every batch, drawn from one generator seeded by the recipe (apart from the
// shuffle and initialisation streams), so an augmented training run is reproducible.
void addAugmentation(ml::StepHooks& hooks, const Recipe& recipe, const DatasetSource& source) {
  if (!recipe.augment) return;
  const int64_t pad = ml::augmentPadding(source.height, source.width);
  auto generator = std::make_shared<at::Generator>(at::detail::createCPUGenerator(epochSeed(recipe.seed, -2)));
  hooks.transform_input = [pad, generator](const torch::Tensor& x) { return ml::augmentBatch(x, pad, *generator); };
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TrainOutcome train(const TrainRequest& request, const ExecutionContext& context) {
  if (isGeneratorArch(request.arch)) return trainGeneratorModel(request, context);  // executors/api_generation.cpp
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
  // A gated network trains in drop mode, which is exactly its θ1-only twin: train the twin
  // (cheaper) and put it into a full network whose θ2 keeps its initialisation.
  const bool gated = ml::isGatedArch(request.arch);
  std::shared_ptr<ml::Classifier> model =
      gated ? ml::makePrunedClassifier(request.arch, shape) : ml::makeClassifier(request.arch, shape);
  if (!request.network.empty()) {
    // An imported network exists only as its archive: take it and draw fresh weights.
    ml::loadWeights(*model, request.network);
    ml::reinitialiseScripted(*model);
  }
  model->to(device);

  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(recipe.lr)
                                                       .momentum(recipe.momentum)
                                                       .weight_decay(recipe.weight_decay));
  const int64_t steps_per_epoch = (train_ids.numel() + recipe.batch_size - 1) / recipe.batch_size;
  ml::StepHooks hooks = scheduleHooks(optimizer, {recipe.schedule, recipe.lr, recipe.epochs, steps_per_epoch,
                                                   recipe.gamma, recipe.step_size});
  addAugmentation(hooks, recipe, source);

  TrainOutcome outcome;
  double training_seconds = 0.0;
  int64_t images = 0;
  // The learning curve is measured on the calibration split, which TA never reads.
  const torch::Tensor curve_rows = subsampleRows(makeEvaluationSets(*data, nullptr).heldout, CalibrationCriterion::kHeldoutRows, recipe.seed + 7);
  for (int64_t epoch = 0; epoch < recipe.epochs; ++epoch) {
    const ml::EpochStats stats =
        ml::trainEpoch(*model, optimizer, data->train, train_ids, recipe.batch_size, epochSeed(recipe.seed, epoch),
                       device, epochContext(context, epoch, recipe.epochs), "train", hooks);
    training_seconds += stats.seconds;
    images += stats.images;
    if (curve_rows.numel() > 0) outcome.heldout_curve.push_back(ml::accuracy(*model, data->test, curve_rows, device));
  }

  ml::checkCancelled(context);
  outcome.metrics["train_acc"] = ml::accuracy(*model, data->train, train_ids, device);
  outcome.metrics["test_acc"] = ml::accuracy(*model, data->test, reportedTestRows(*data), device);
  if (gated) {
    std::shared_ptr<ml::Classifier> full = ml::makeClassifier(request.arch, shape);
    ml::copyLeading(*model, *full);
    model = full;
  }
  outcome.weights = ml::saveWeights(*model);
  outcome.parameters = ml::countParameters(*model);
  outcome.images_per_second = training_seconds > 0 ? double(images) / training_seconds : 0.0;
  outcome.seconds = secondsSince(start);
  return outcome;
}

}  // namespace lethe::exec
