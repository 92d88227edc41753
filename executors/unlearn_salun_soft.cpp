// SalUn-soft: random labelling without a hard mask; after every step each weight is
// soft-thresholded back toward its start value, so only the weights that moved most keep
// (part of) their change. The kept fraction grows as the run goes on (METHODS.md).
#include "executors/unlearn_common.hpp"

namespace lethe::exec {

namespace {

int64_t batchesOf(const torch::Tensor& ids, int64_t batch_size) { return (ids.numel() + batch_size - 1) / batch_size; }

}  // namespace

void unlearnSalunSoft(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  const double ratio = options.real("ratio");
  const int64_t batch_size = unlearnBatchSize(options);
  const int64_t total_steps = options.integer("epochs") *
                              (batchesOf(input.forget_ids, batch_size) + batchesOf(input.retain_ids, batch_size));

  std::vector<torch::Tensor> parameters = input.model.parameters();
  std::vector<torch::Tensor> start;
  int64_t count = 0;
  for (const auto& p : parameters) {
    start.push_back(p.detach().clone());
    count += p.numel();
  }

  int64_t step = 0;
  const std::function<void()> soft_threshold = [&] {
    torch::NoGradGuard no_grad;
    ++step;
    // t = the r-th smallest |θ - θ_start|, r shrinking with the steps that remain.
    const auto r = static_cast<int64_t>(ratio * static_cast<double>(total_steps - step) / static_cast<double>(total_steps) *
                                        static_cast<double>(count));
    if (r < 1) return;
    std::vector<torch::Tensor> moves;
    for (size_t i = 0; i < parameters.size(); ++i) moves.push_back((parameters[i] - start[i]).abs().flatten());
    const torch::Tensor t = std::get<0>(torch::cat(moves).kthvalue(std::min(r, count)));
    for (size_t i = 0; i < parameters.size(); ++i) {
      const torch::Tensor d = parameters[i] - start[i];
      parameters[i].copy_(start[i] + d.sign() * (d.abs() - t).clamp_min(0));
    }
  };
  // The threshold's schedule spans the run: a checkpoint after k epochs is not a k-epoch run.
  UnlearnInput whole_run = input;
  whole_run.after_epoch = nullptr;
  randomLabelling(whole_run, "salun_soft", soft_threshold);
}

}  // namespace lethe::exec
