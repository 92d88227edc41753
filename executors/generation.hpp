#pragma once
// The generator's operators behind exec::train and exec::sample (executors/api_generation.cpp),
// and the pieces the generator methods and metrics share with them. Internal to executors/ (torch).
#include <torch/torch.h>

#include <string>

#include "executors/api.hpp"
#include "ml/diffusion.hpp"

namespace lethe::exec {

// Defaults of a generator's training recipe (docs/generation.md, "Model size and cost").
constexpr int64_t kDefaultGeneratorSteps = 7000;
constexpr int64_t kDefaultGeneratorBatch = 128;
constexpr double kDefaultGeneratorLr = 1e-3;

// A generator recipe (steps, batch_size, lr, ema_decay, seed; absent options take the defaults
// above, the seed the context's). Throws Error(Execution) naming a value out of range.
ml::GeneratorTraining readGeneratorTraining(const OptionValues& recipe, const ExecutionContext& context);

// exec::train for a generator arch: trains on the dataset's training rows minus
// request.exclude_ids; the outcome's weights are the EMA weights, metrics {"loss"}.
TrainOutcome trainGeneratorModel(const TrainRequest& request, const ExecutionContext& context);

// The generator a stored version describes, on `device`, in eval mode.
std::shared_ptr<ml::NoisePredictor> loadGenerator(const DatasetSource& dataset, const OptionValues& recipe,
                                                  const Bytes& weights, const torch::Device& device);

// DDIM samples with guidance for `labels` (int64 [N]), reporting progress under `op`
// ("sample", "ua_gen", ...) and stopping with Error(Interrupted) once the context's cancel flag
// is set. Returns float [N, C, R, R] in [-1, 1] on `device`.
torch::Tensor drawSamples(ml::NoisePredictor& model, const torch::Tensor& labels, int64_t steps, double guidance,
                          uint64_t seed, const torch::Device& device, const ExecutionContext& context,
                          const std::string& op);

}  // namespace lethe::exec
