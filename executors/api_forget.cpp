// FORGET: load θ_o, obtain the saliency mask (computed or reused), calibrate the options the
// user left unset, run the method, evaluate the result. Mask, calibration, unlearning and
// evaluation are timed separately (RTE counts all but the evaluation).
#include <optional>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/calibrate.hpp"
#include "executors/generation_requests.hpp"
#include "executors/methods.hpp"
#include "executors/metrics.hpp"
#include "executors/saliency.hpp"
#include "executors/unlearn_common.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"
#include "ml/device.hpp"

namespace lethe::exec {

namespace {

// The mask the method runs under: a stored one when the request carries it, else a fresh one
// when a threshold is given, else none.
std::optional<SaliencyMask> obtainMask(const ForgetRequest& request, ml::Classifier& model, const ml::Dataset& data,
                                       const EvaluationSets& sets, const torch::Device& device,
                                       const ExecutionContext& context, ForgetOutcome& outcome) {
  Stopwatch watch;
  std::optional<SaliencyMask> mask;
  if (request.mask) {
    mask = deserializeMask(*request.mask, model, device);
    outcome.mask = request.mask;
  } else if (request.threshold) {
    mask = computeSaliencyMask(model, data.train, sets.forget, *request.threshold,
                               unlearnBatchSize(request.options), device, context);
    outcome.mask = serializeMask(*mask);
    outcome.mask_computed = true;
  }
  outcome.mask_seconds = watch.seconds();
  return mask;
}

// A method that blew up (e.g. gradient ascent at too high a learning rate) must not be
// evaluated or stored as if it had unlearned: say so, naming the method.
void requireFiniteWeights(ml::Classifier& model, const std::string& method) {
  if (!finiteWeights(model))
    throw Error(ErrorKind::Execution, "method '" + method +
                                          "' diverged: its weights became NaN or infinite (try a smaller lr or fewer epochs)");
}

}  // namespace

ForgetOutcome forget(const ForgetRequest& request, const ExecutionContext& context) {
  if (isGeneratorArch(request.arch)) return forgetGenerator(request, context);
  // Checked before any data is loaded, so a bad name fails fast.
  const MethodImplementation& method = requireMethodImplementation(request.method);
  if (request.forget.ids.empty()) throw Error(ErrorKind::Execution, "the forget set is empty");

  const torch::Device device = ml::resolveDevice(context.device);
  setThreads(context.threads);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const std::shared_ptr<ml::Classifier> model = loadOriginal(request, device);
  const EvaluationSets sets = makeEvaluationSets(*data, &request.forget);

  ForgetOutcome outcome;
  const std::optional<SaliencyMask> mask = obtainMask(request, *model, *data, sets, device, context, outcome);

  // With calibration, the method runs a copy of the request with the chosen options in place
  // of the base ones; without, the request itself (no copy of its weights).
  std::optional<ForgetRequest> calibrated;
  if (request.calibration) {
    outcome.calibration = calibrate({method, request, *data, sets, mask ? &*mask : nullptr, device, context});
    calibrated = request;
    for (const auto& [name, value] : outcome.calibration->chosen.all()) calibrated->options.set(name, value);
  }

  Stopwatch unlearn_watch;
  const UnlearnInput input{*model, *data, calibrated ? *calibrated : request, sets.forget, sets.retain,
                           mask ? &*mask : nullptr, device, context};
  if (calibrated) runCalibrated(method, input, sets, *outcome.calibration, calibrated->options);
  else method.run(input);
  outcome.unlearn_seconds = unlearn_watch.seconds();
  outcome.options = calibrated ? calibrated->options : request.options;
  requireFiniteWeights(*model, request.method);

  Stopwatch evaluate_watch;
  if (!request.metrics.empty()) {
    if (context.progress) context.progress({"evaluate", 0, 0, "metrics of the unlearned model"});
    outcome.metrics = computeMetrics(*model, *data, sets, request.metrics, device, context.cancel);
  }
  outcome.evaluate_seconds = evaluate_watch.seconds();

  model->to(torch::kCPU);
  outcome.weights = ml::saveWeights(*model);
  return outcome;
}

}  // namespace lethe::exec
