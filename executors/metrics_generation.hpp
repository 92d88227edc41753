#pragma once
// The generator metrics (METHODS.md, "Generation"): samples drawn from the generator for the
// forgotten and the remaining classes, judged by a classifier of the same dataset.
// Internal to executors/: FORGET evaluates an unlearned generator with these, EVALUATE too.
#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "executors/api.hpp"
#include "ml/dataset.hpp"
#include "ml/diffusion.hpp"

namespace lethe::exec {

// "ua_gen", "acc_gen", "fid".
bool isGenerationMetric(const std::string& metric);

// Computes the generator metrics among `metrics` (others are ignored, as computeMetrics ignores
// what it does not know): "ua_gen" = % of samples drawn for the forgotten classes that the
// judge does not label as their class; "acc_gen" = judge accuracy (%) on samples drawn for the
// remaining classes; "fid" = Fréchet distance between the judge's penultimate features of those
// samples and of the real test images (reported rows) of the remaining classes. Every class is
// "remaining" when `forget_classes` is empty. One DDIM draw (the judge's samples_per_class,
// steps, guidance and seed) serves all three. Throws Error(Execution) naming
// `WITH (judge = <classifier>)` when a metric is asked without a judge, and naming the
// forgotten class when ua_gen is asked without one; Error(Interrupted) on cancel.
std::map<std::string, double> generationMetrics(ml::NoisePredictor& model, const ml::Dataset& data, const DatasetSource& source,
                                                const std::vector<int64_t>& forget_classes,
                                                const std::vector<std::string>& metrics,
                                                const std::optional<GenerationJudge>& judge,
                                                const torch::Device& device, const ExecutionContext& context);

}  // namespace lethe::exec
