// EVALUATE MODEL for generators: the generator metrics with the request's judge.
#include "common/error.hpp"
#include "executors/generation.hpp"
#include "executors/generation_requests.hpp"
#include "executors/metrics_generation.hpp"
#include "executors/unlearn_common.hpp"
#include "ml/device.hpp"

namespace lethe::exec {

EvaluateOutcome evaluateGenerator(const EvaluateRequest& request, const ExecutionContext& context) {
  Stopwatch watch;
  for (const std::string& metric : request.metrics)
    if (!isGenerationMetric(metric))
      throw Error(ErrorKind::Execution, "metric '" + metric +
                                            "' does not apply to a generator; use ua_gen, acc_gen or fid");
  setThreads(context.threads);
  const torch::Device device = ml::resolveDevice(context.device);
  const std::shared_ptr<const ml::Dataset> data = ml::loadDataset(request.dataset);
  const std::shared_ptr<ml::NoisePredictor> model = loadGenerator(request.dataset, request.recipe, request.weights, device);

  const std::vector<int64_t> forgotten = request.forget ? request.forget->classes : std::vector<int64_t>{};
  EvaluateOutcome outcome;
  outcome.metrics =
      generationMetrics(*model, *data, request.dataset, forgotten, request.metrics, request.judge, device, context);
  outcome.seconds = watch.seconds();
  return outcome;
}

}  // namespace lethe::exec
