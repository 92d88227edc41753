// exec::evaluate — EVALUATE MODEL: the stored weights against the dataset's evaluation sets.
#include <chrono>

#include "executors/api.hpp"
#include "executors/generation_requests.hpp"
#include "executors/metrics.hpp"
#include "ml/device.hpp"

namespace lethe::exec {

EvaluateOutcome evaluate(const EvaluateRequest& request, const ExecutionContext& context) {
  if (isGeneratorArch(request.arch)) return evaluateGenerator(request, context);
  const auto start = std::chrono::steady_clock::now();
  setThreads(context.threads);
  const torch::Device device = ml::resolveDevice(context.device);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const DatasetSource& source = request.dataset;
  const ml::InputShape shape{source.channels, source.height, source.width, data->num_classes};
  std::shared_ptr<ml::Classifier> model = ml::makeClassifier(request.arch, shape);
  ml::loadWeights(*model, request.weights);
  model->to(device);
  model->eval();

  const EvaluationSets sets = makeEvaluationSets(*data, request.forget ? &*request.forget : nullptr);
  EvaluateOutcome outcome;
  outcome.metrics = computeMetrics(*model, *data, sets, request.metrics, device, context.cancel);
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

}  // namespace lethe::exec
