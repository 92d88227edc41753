// FORGET for generators: mask (salun; ga and ft when a threshold or stored mask is given),
// unlearn, evaluate with the judge. Retrain trains the generator's recipe without D_f.
#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "common/generator_methods.hpp"
#include "executors/generation.hpp"
#include "executors/generation_requests.hpp"
#include "executors/generation_unlearn.hpp"
#include "executors/metrics_generation.hpp"
#include "executors/unlearn_common.hpp"
#include "ml/device.hpp"

namespace lethe::exec {

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// D_f of a generator is every training row of the forgotten classes: the generator learns
// classes, not rows, so forgetting some rows of a class has no meaning it could be judged by.
std::vector<int64_t> classRows(const ForgetRequest& request) {
  if (request.forget.classes.empty())
    throw Error(ErrorKind::Execution,
                "a generator forgets whole classes: use FORGET CLASS 'name' FROM <generator> (this forget set "
                "names rows, not classes)");
  std::vector<int64_t> rows = trainIndicesOfClasses(request.dataset, request.forget.classes);
  if (!request.forget.ids.empty()) {
    std::vector<int64_t> given = request.forget.ids;
    std::sort(given.begin(), given.end());
    given.erase(std::unique(given.begin(), given.end()), given.end());
    if (given != rows)
      throw Error(ErrorKind::Execution,
                  "a generator forgets whole classes: the forget set must be every training row of its classes");
  }
  if (rows.empty()) throw Error(ErrorKind::Execution, "the forgotten classes have no training rows");
  return rows;
}

// Retrain's options override the recipe where set. The registry resolves an unset one to 0,
// which keeps the recipe's value.
OptionValues retrainRecipe(const ForgetRequest& request) {
  OptionValues recipe = request.recipe;
  for (const char* name : {"steps", "batch_size", "seed"})
    if (const int64_t value = request.options.integer(name); value > 0) recipe.set(name, value);
  if (const double lr = request.options.real("lr"); lr > 0.0) recipe.set("lr", lr);
  return recipe;
}

torch::Tensor idsTensor(const std::vector<int64_t>& ids) { return torch::tensor(ids, torch::kLong); }

torch::Tensor complementRows(int64_t rows, const std::vector<int64_t>& excluded) {
  torch::Tensor keep = torch::ones({rows}, torch::kBool);
  if (!excluded.empty()) keep.index_fill_(0, idsTensor(excluded), false);
  return torch::nonzero(keep).flatten();
}

bool finiteParameters(ml::NoisePredictor& model) {
  torch::NoGradGuard no_grad;
  for (const auto& parameter : model.parameters())
    if (!torch::isfinite(parameter).all().item<bool>()) return false;
  return true;
}

// The mask the method runs under: a stored one, else a fresh one when a threshold is given.
std::optional<SaliencyMask> obtainGeneratorMask(const ForgetRequest& request, ml::NoisePredictor& model,
                                                const ml::NoiseSchedule& schedule, const ml::Dataset& data,
                                                const torch::Tensor& forget_ids, const torch::Device& device,
                                                const ExecutionContext& context, ForgetOutcome& outcome) {
  Stopwatch watch;
  std::optional<SaliencyMask> mask;
  if (request.mask) {
    mask = deserializeMask(*request.mask, model.parameters(), device);
    outcome.mask = request.mask;
  } else if (request.threshold) {
    mask = computeGeneratorSaliencyMask(model, schedule, data.train, forget_ids, *request.threshold,
                                        kGeneratorMaskGuidance, request.options.integer("batch_size"),
                                        static_cast<uint64_t>(request.options.integer("seed")), device, context);
    outcome.mask = serializeMask(*mask);
    outcome.mask_computed = true;
  }
  outcome.mask_seconds = watch.seconds();
  return mask;
}

}  // namespace

ForgetOutcome forgetGenerator(const ForgetRequest& request, const ExecutionContext& context) {
  if (!isGeneratorMethod(request.method))
    throw Error(ErrorKind::Execution, "method '" + request.method + "' does not apply to a generator; use one of " +
                                          joined(generatorMethodNames()));
  const std::vector<int64_t> forget_rows = classRows(request);

  const torch::Device device = ml::resolveDevice(context.device);
  setThreads(context.threads);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const ml::GeneratorConfig config = ml::generatorConfig(request.recipe, request.dataset);
  const ml::NoiseSchedule schedule = ml::makeNoiseSchedule(config, device);

  ForgetOutcome outcome;
  outcome.options = request.options;
  std::shared_ptr<ml::NoisePredictor> model;
  Stopwatch unlearn_watch;
  if (request.method == "retrain") {
    TrainRequest retrain{request.dataset, request.arch, retrainRecipe(request), forget_rows, {}};
    model = loadGenerator(request.dataset, request.recipe, train(retrain, context).weights, device);
  } else {
    model = loadGenerator(request.dataset, request.recipe, request.weights, device);
    const torch::Tensor forget_ids = idsTensor(forget_rows);
    const std::optional<SaliencyMask> mask =
        obtainGeneratorMask(request, *model, schedule, *data, forget_ids, device, context, outcome);
    unlearn_watch = Stopwatch();  // the mask is timed apart
    const GeneratorUnlearnInput input{*model, schedule, data->train, forget_ids,
                                      complementRows(data->train.size(), forget_rows), request.forget.classes,
                                      request.options, mask ? &*mask : nullptr, device, context};
    if (request.method == "salun") unlearnGeneratorSalun(input);
    else if (request.method == "ga") unlearnGeneratorGa(input);
    else unlearnGeneratorFt(input);
  }
  outcome.unlearn_seconds = unlearn_watch.seconds();
  if (!finiteParameters(*model))
    throw Error(ErrorKind::Execution, "method '" + request.method +
                                          "' diverged: the generator's weights became NaN or infinite (try a smaller "
                                          "lr or fewer steps)");

  Stopwatch evaluate_watch;
  if (std::any_of(request.metrics.begin(), request.metrics.end(), isGenerationMetric)) {
    if (context.progress) context.progress({"evaluate", 0, 0, "metrics of the unlearned generator"});
    outcome.metrics = generationMetrics(*model, *data, request.dataset, request.forget.classes,
                                        request.metrics, request.judge, device, context);
  }
  outcome.evaluate_seconds = evaluate_watch.seconds();

  model->to(torch::kCPU);
  outcome.weights = ml::saveGeneratorWeights(*model);
  return outcome;
}

}  // namespace lethe::exec
