// Generators (arch "ddpm") behind exec::train and exec::sample: CREATE MODEL ... ARCH ddpm
// trains the conditional UNet with Adam and keeps an EMA of its weights; SAMPLE draws from a
// stored version with DDIM and classifier-free guidance.
#include <chrono>
#include <cstdio>

#include "common/error.hpp"
#include "executors/generation.hpp"
#include "executors/metrics.hpp"
#include "ml/dataset.hpp"
#include "ml/device.hpp"
#include "ml/training.hpp"

namespace lethe::exec {
namespace {

// Progress is reported every this many steps (and after the last): often enough for a live
// display, rare enough to cost nothing on a fast device.
constexpr int64_t kProgressEvery = 5;

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string stepDetail(int64_t step, int64_t total, double loss) {
  char text[64];
  std::snprintf(text, sizeof text, "step %lld/%lld loss %.4f", static_cast<long long>(step),
                static_cast<long long>(total), loss);
  return text;
}

// The rows a SAMPLE draws: `count` of one class, or `count` of every class in class order.
torch::Tensor sampleLabels(const SampleRequest& request, int64_t classes) {
  if (request.count < 1) throw Error(ErrorKind::Execution, "SAMPLE needs at least 1 image, got " + std::to_string(request.count));
  if (request.class_index) {
    const int64_t c = *request.class_index;
    if (c < 0 || c >= classes)
      throw Error(ErrorKind::Execution, "class index " + std::to_string(c) + " is not one of the generator's " +
                                            std::to_string(classes) + " classes");
    return torch::full({request.count}, c, torch::kInt64);
  }
  return torch::arange(classes, torch::kInt64).repeat_interleave(request.count);
}

}  // namespace

ml::GeneratorTraining readGeneratorTraining(const OptionValues& recipe, const ExecutionContext& context) {
  ml::GeneratorTraining training;
  training.steps = recipe.integerOr("steps", kDefaultGeneratorSteps);
  training.batch_size = recipe.integerOr("batch_size", kDefaultGeneratorBatch);
  training.lr = recipe.realOr("lr", kDefaultGeneratorLr);
  training.ema_decay = recipe.realOr("ema_decay", ml::kDefaultEmaDecay);
  training.seed = static_cast<uint64_t>(recipe.integerOr("seed", static_cast<int64_t>(context.seed)));
  if (training.steps < 1) throw Error(ErrorKind::Execution, "steps must be at least 1, got " + std::to_string(training.steps));
  if (training.batch_size < 1)
    throw Error(ErrorKind::Execution, "batch_size must be at least 1, got " + std::to_string(training.batch_size));
  if (!(training.lr > 0.0)) throw Error(ErrorKind::Execution, "lr must be positive");
  if (!(training.ema_decay >= 0.0 && training.ema_decay < 1.0))
    throw Error(ErrorKind::Execution, "ema_decay must be at least 0 and below 1");
  return training;
}

TrainOutcome trainGeneratorModel(const TrainRequest& request, const ExecutionContext& context) {
  const auto start = std::chrono::steady_clock::now();
  setThreads(context.threads);
  const torch::Device device = ml::resolveDevice(context.device);
  const ml::GeneratorTraining training = readGeneratorTraining(request.recipe, context);
  const ml::GeneratorConfig config = ml::generatorConfig(request.recipe, request.dataset);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const ForgetSetSpec excluded{request.exclude_ids, {}};
  const torch::Tensor rows = makeEvaluationSets(*data, &excluded).retain;
  if (rows.numel() == 0) throw Error(ErrorKind::Execution, "no training rows left to train on");

  const torch::Tensor images = ml::prepareImages(data->train.images.index_select(0, rows), config.resolution, device);
  const torch::Tensor labels = data->train.labels.index_select(0, rows).to(device);
  torch::manual_seed(training.seed);
  std::shared_ptr<ml::NoisePredictor> model = ml::makeNoisePredictor(config);
  model->to(device);
  ml::EmaWeights ema(*model, training.ema_decay);
  const ml::NoiseSchedule schedule = ml::makeNoiseSchedule(config, device);

  const ml::GeneratorTrainStats stats = ml::trainGenerator(
      *model, ema, schedule, images, labels, training, [&context](int64_t step, int64_t total, double loss) {
        ml::checkCancelled(context);
        if (context.progress && (step % kProgressEvery == 0 || step == total))
          context.progress({"train", step, total, stepDetail(step, total, loss)});
      });

  ema.copyTo(*model);
  TrainOutcome outcome;
  outcome.weights = ml::saveGeneratorWeights(*model);
  outcome.parameters = ml::countParameters(*model);
  outcome.metrics["loss"] = stats.smoothed_loss;
  outcome.images_per_second = stats.seconds > 0 ? double(stats.images) / stats.seconds : 0.0;
  outcome.seconds = secondsSince(start);
  return outcome;
}

std::shared_ptr<ml::NoisePredictor> loadGenerator(const DatasetSource& dataset, const OptionValues& recipe,
                                                  const Bytes& weights, const torch::Device& device) {
  std::shared_ptr<ml::NoisePredictor> model =
      ml::loadNoisePredictor(ml::generatorConfig(recipe, dataset), weights, device);
  model->eval();
  return model;
}

torch::Tensor drawSamples(ml::NoisePredictor& model, const torch::Tensor& labels, int64_t steps, double guidance,
                          uint64_t seed, const torch::Device& device, const ExecutionContext& context,
                          const std::string& op) {
  const ml::NoiseSchedule schedule = ml::makeNoiseSchedule(model.config(), device);
  return ml::ddimSample(model, schedule, labels, steps, guidance, seed, device,
                        [&context, &op](int64_t done, int64_t total) {
                          ml::checkCancelled(context);
                          if (context.progress)
                            context.progress({op, done, total, "step " + std::to_string(done) + "/" + std::to_string(total)});
                        });
}

SampleOutcome sample(const SampleRequest& request, const ExecutionContext& context) {
  const auto start = std::chrono::steady_clock::now();
  setThreads(context.threads);
  const torch::Device device = ml::resolveDevice(context.device);
  const std::shared_ptr<ml::NoisePredictor> model = loadGenerator(request.dataset, request.recipe, request.weights, device);
  const ml::GeneratorConfig& config = model->config();
  const torch::Tensor labels = sampleLabels(request, config.classes);
  const torch::Tensor images =
      ml::toUint8(drawSamples(*model, labels, request.steps, request.guidance, request.seed, device, context, "sample"))
          .contiguous();

  SampleOutcome outcome;
  outcome.pixels.assign(images.data_ptr<uint8_t>(), images.data_ptr<uint8_t>() + images.numel());
  outcome.labels.assign(labels.data_ptr<int64_t>(), labels.data_ptr<int64_t>() + labels.numel());
  outcome.channels = config.image_channels;
  outcome.height = config.resolution;
  outcome.width = config.resolution;
  outcome.seconds = secondsSince(start);
  outcome.images_per_second = outcome.seconds > 0 ? double(labels.numel()) / outcome.seconds : 0.0;
  return outcome;
}

}  // namespace lethe::exec
