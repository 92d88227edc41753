// BS (boundary shrinking, Chen et al. 2023): every forget image is relabelled with the class
// across its nearest decision boundary — what the original model predicts one FGSM step
// away from the true label — and the model is fine-tuned on the clean images with those
// labels, so the forgotten region shrinks into its neighbours instead of becoming noise.
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

namespace {

// The neighbour label of each forget row, in forget_ids order. The original model is frozen,
// so the labels never change during unlearning: computed once, not per batch.
torch::Tensor neighbourLabels(const UnlearnInput& input, double step) {
  const std::shared_ptr<ml::Classifier> original = frozenOriginal(input);
  std::vector<torch::Tensor> parts;
  for (const torch::Tensor& batch : ml::makeBatches(input.forget_ids, unlearnBatchSize(input.options()), false, 0)) {
    ml::checkCancelled(input.context);
    torch::Tensor x = ml::toInput(input.data.train.images.index_select(0, batch), input.device).requires_grad_(true);
    const torch::Tensor y = input.data.train.labels.index_select(0, batch).to(input.device);
    const torch::Tensor loss = torch::nn::functional::cross_entropy(original->forward(x), y);
    const torch::Tensor gradient = torch::autograd::grad({loss}, {x})[0];
    torch::NoGradGuard no_grad;
    // Rounded to the 1/255 grid, as the reference code does: the neighbour must be an image
    // the dataset could contain, not a sub-pixel artefact.
    const torch::Tensor adversarial = (x + step * gradient.sign()).clamp(0.0, 1.0).mul(255.0).round().div(255.0);
    parts.push_back(original->forward(adversarial).argmax(1).to(torch::kCPU));
  }
  return torch::cat(parts);
}

}  // namespace

void unlearnBs(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  if (input.context.progress) input.context.progress({"bs", 0, 0, "neighbour labels from FGSM"});
  // Labels looked up by training row, so the shuffled batches find theirs.
  torch::Tensor label_of_row = torch::full({input.data.train.size()}, -1, torch::kInt64);
  label_of_row.index_put_({input.forget_ids}, neighbourLabels(input, options.real("step")));
  const ml::BatchLoss toward_neighbour = [label_of_row](const torch::Tensor& logits, const torch::Tensor&,
                                                        const torch::Tensor& rows) {
    return torch::nn::functional::cross_entropy(logits, label_of_row.index_select(0, rows).to(logits.device()));
  };

  MethodOptimizer optimizer(input);
  for (int64_t epoch = input.first_epoch; epoch < options.integer("epochs"); ++epoch) {
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.forget_ids, unlearnBatchSize(options),
                   passSeed(input.seed(), epoch, 0), input.device, input.context, "bs", optimizer.hooks(),
                   toward_neighbour);
    input.epochDone(epoch + 1);
  }
  input.model.eval();
}

}  // namespace lethe::exec
