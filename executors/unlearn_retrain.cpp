// Retrain: the gold standard every other method is measured against. It trains a fresh
// model on D_r with the original model's recipe, through the same code path as CREATE MODEL.
#include "executors/methods.hpp"
#include "ml/classifier.hpp"

namespace lethe::exec {

void unlearnRetrain(const UnlearnInput& input) {
  TrainRequest request;
  request.dataset = input.request.dataset;
  request.arch = input.request.arch;
  request.recipe = input.request.recipe;
  const int64_t epochs = input.options().integerOr("epochs", 0);
  if (epochs > 0) request.recipe.set("epochs", epochs);  // 0 = keep the recipe's
  request.recipe.set("seed", static_cast<int64_t>(input.seed()));
  request.exclude_ids = input.request.forget.ids;

  const TrainOutcome outcome = train(request, input.context);
  // The fresh weights replace θ_o in the caller's model (loaded on the CPU, then moved back).
  input.model.to(torch::kCPU);
  ml::loadWeights(input.model, outcome.weights);
  input.model.to(input.device);
  input.model.eval();
}

}  // namespace lethe::exec
