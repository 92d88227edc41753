// ua_gen, acc_gen and fid: what a judge classifier makes of a generator's samples.
#include "executors/metrics_generation.hpp"

#include <algorithm>

#include "common/error.hpp"
#include "executors/generation.hpp"
#include "executors/generation_judge.hpp"
#include "executors/metrics.hpp"
#include "ml/training.hpp"

namespace lethe::exec {

namespace {

bool requested(const std::vector<std::string>& metrics, const std::string& name) {
  return std::find(metrics.begin(), metrics.end(), name) != metrics.end();
}

// Class c repeated `count` times for every class of `classes`, in order.
torch::Tensor repeatedLabels(const std::vector<int64_t>& classes, int64_t count) {
  std::vector<int64_t> labels;
  for (int64_t c : classes) labels.insert(labels.end(), static_cast<size_t>(count), c);
  return torch::tensor(labels, torch::kLong);
}

double percentWhere(const torch::Tensor& condition) {
  return condition.numel() == 0 ? 0.0 : 100.0 * condition.to(torch::kFloat64).mean().item<double>();
}

}  // namespace

bool isGenerationMetric(const std::string& metric) {
  return metric == "ua_gen" || metric == "acc_gen" || metric == "fid";
}

std::map<std::string, double> generationMetrics(ml::NoisePredictor& model, const ml::Dataset& data, const DatasetSource& source,
                                                const std::vector<int64_t>& forget_classes,
                                                const std::vector<std::string>& metrics,
                                                const std::optional<GenerationJudge>& judge,
                                                const torch::Device& device, const ExecutionContext& context) {
  const bool ua_gen = requested(metrics, "ua_gen"), acc_gen = requested(metrics, "acc_gen"),
             fid = requested(metrics, "fid");
  if (!ua_gen && !acc_gen && !fid) return {};
  for (const std::string& metric : metrics) {
    if (isGenerationMetric(metric) && !judge)
      throw Error(ErrorKind::Execution, "metric '" + metric +
                                            "' needs a judge classifier of the generator's dataset: add "
                                            "WITH (judge = <classifier>)");
  }
  if (ua_gen && forget_classes.empty())
    throw Error(ErrorKind::Execution,
                "metric 'ua_gen' needs the forgotten class (FOR RUN n of a FORGET CLASS, or a FORGET statement)");
  if (judge->samples_per_class < 1)
    throw Error(ErrorKind::Execution, "the judge needs samples_per_class >= 1");

  std::vector<int64_t> remaining;
  for (int64_t c = 0; c < data.num_classes; ++c)
    if (std::find(forget_classes.begin(), forget_classes.end(), c) == forget_classes.end()) remaining.push_back(c);
  if ((acc_gen || fid) && remaining.empty())
    throw Error(ErrorKind::Execution, "metrics 'acc_gen' and 'fid' need a class that was not forgotten");

  const int64_t per_class = judge->samples_per_class;
  const torch::Tensor forget_labels = ua_gen ? repeatedLabels(forget_classes, per_class) : torch::zeros({0}, torch::kLong);
  const torch::Tensor remaining_labels =
      acc_gen || fid ? repeatedLabels(remaining, per_class) : torch::zeros({0}, torch::kLong);
  const torch::Tensor labels = torch::cat({forget_labels, remaining_labels});

  // Judge first: a judge that does not fit the dataset fails before the minutes of sampling.
  GenerationJudgeModel judge_model(*judge, source, device);
  const torch::Tensor generated =
      drawSamples(model, labels, judge->steps, judge->guidance, judge->seed, device, context, "evaluate");
  const Judgement verdict = judge_model.judge(judgeInput(generated, source.height, source.width));

  std::map<std::string, double> values;
  const int64_t forget_count = forget_labels.numel();
  const torch::Tensor forget_predicted = verdict.predicted.slice(0, 0, forget_count);
  const torch::Tensor remaining_predicted = verdict.predicted.slice(0, forget_count);
  if (ua_gen) values["ua_gen"] = percentWhere(forget_predicted.ne(forget_labels));
  if (acc_gen) values["acc_gen"] = percentWhere(remaining_predicted.eq(remaining_labels));
  if (fid) {
    ml::checkCancelled(context);
    ForgetSetSpec forgotten;
    forgotten.classes = forget_classes;
    const torch::Tensor real_rows = makeEvaluationSets(data, &forgotten).test;
    const Judgement real = judge_model.judgeRows(data.test, real_rows);
    values["fid"] = frechetDistance(verdict.features.slice(0, forget_count), real.features);
  }
  return values;
}

}  // namespace lethe::exec
