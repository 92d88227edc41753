// Retrain: the gold standard every other method is measured against. It trains a fresh
// model on D_r with the original model's recipe, through the same code path as CREATE MODEL.
#include "executors/methods.hpp"
#include "ml/classifier.hpp"
#include "ml/scripted_classifier.hpp"

namespace lethe::exec {

void unlearnRetrain(const UnlearnInput& input) {
  TrainRequest request;
  request.dataset = input.request.dataset;
  request.arch = input.request.arch;
  request.recipe = input.request.recipe;
  // Each option at 0 keeps the recipe's value.
  const int64_t epochs = input.options().integer("epochs");
  if (epochs > 0) request.recipe.set("epochs", epochs);
  const double lr = input.options().real("lr");
  if (lr > 0) request.recipe.set("lr", lr);
  const int64_t batch_size = input.options().integer("batch_size");
  if (batch_size > 0) request.recipe.set("batch_size", batch_size);
  const int64_t seed = input.options().integer("seed");
  if (seed > 0) request.recipe.set("seed", seed);
  request.exclude_ids = input.request.forget.ids;
  // An imported TorchScript model has no constructor: retrain re-initialises its network.
  if (ml::isScripted(input.model)) request.network = input.request.weights;

  const TrainOutcome outcome = train(request, input.context);
  // The fresh weights replace θ_o in the caller's model (loaded on the CPU, then moved back).
  input.model.to(torch::kCPU);
  ml::loadWeights(input.model, outcome.weights);
  input.model.to(input.device);
  input.model.eval();
}

}  // namespace lethe::exec
