// SCRUB (Kurmanji et al., NeurIPS 2023): the unlearned model is a student of the original
// (the teacher, frozen). Max-steps push the student's outputs on D_f away from the
// teacher's (−KL); min-steps keep it close on D_r (α·KL + γ·CE). The first `max_steps`
// epochs do a max pass then a min pass; the remaining epochs only min passes. KL is taken
// between temperature-softened outputs (T = 4) and scaled by T², as in the original code.
#include "executors/unlearn_npo_common.hpp"

namespace lethe::exec {
namespace {

// KL(teacher || student) over softened outputs, mean over the batch, times T².
torch::Tensor distillation(const torch::Tensor& student_logits, const torch::Tensor& teacher_logits, double t) {
  const torch::Tensor log_student = torch::log_softmax(student_logits / t, 1);
  const torch::Tensor log_teacher = torch::log_softmax(teacher_logits / t, 1);
  return (log_teacher.exp() * (log_teacher - log_student)).sum(1).mean() * (t * t);
}

}  // namespace

void unlearnScrub(const UnlearnInput& input) {
  const OptionValues& options = input.options();
  const double t = options.real("temperature");
  const double alpha = options.real("alpha");
  const double gamma = options.real("gamma");
  const int64_t max_steps = options.integer("max_steps");
  // The teacher is frozen: its logits of every training row, once.
  const torch::Tensor teacher_logits = [&] {
    std::shared_ptr<ml::Classifier> teacher = frozenOriginal(input);
    return frozenLogits(input, *teacher, torch::arange(input.data.train.size(), torch::kInt64));
  }();
  auto teacher = [&](const torch::Tensor& ids) { return teacher_logits.index_select(0, ids.to(teacher_logits.device())); };
  const ml::BatchLoss away = [&](const torch::Tensor& logits, const torch::Tensor&, const torch::Tensor& ids) {
    return -distillation(logits, teacher(ids), t);
  };
  const ml::BatchLoss close = [&](const torch::Tensor& logits, const torch::Tensor& labels, const torch::Tensor& ids) {
    return alpha * distillation(logits, teacher(ids), t) + gamma * torch::nn::functional::cross_entropy(logits, labels);
  };
  MethodOptimizer optimizer(input);
  const int64_t batch_size = unlearnBatchSize(options);
  for (int64_t epoch = 0; epoch < options.integer("epochs"); ++epoch) {
    if (epoch < max_steps)
      ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.forget_ids, batch_size,
                     passSeed(input.seed(), epoch, 0), input.device, input.context, "scrub max", optimizer.hooks(), away);
    ml::trainEpoch(input.model, optimizer.sgd(), input.data.train, input.retain_ids, batch_size,
                   passSeed(input.seed(), epoch, 1), input.device, input.context, "scrub min", optimizer.hooks(), close);
  }
  input.model.eval();
}

}  // namespace lethe::exec
