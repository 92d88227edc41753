// MIA-efficacy (METHODS.md, "Classification metrics"): a confidence-based membership
// inference attack. An RBF C-SVC learns to tell retain samples (members) from test samples
// (non-members); the efficacy is the share of the forget set it calls non-member.
#include <libsvm/svm.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "executors/metrics.hpp"

namespace lethe::exec {

namespace {

// The attack's hyper-parameters are those of scikit-learn's SVC as the SalUn code calls it:
// SVC(C=3, gamma="auto") on one feature, i.e. gamma = 1 / n_features = 1.
constexpr double kCost = 3.0;
constexpr double kGamma = 1.0;

void discardLibsvmOutput(const char*) {}

// libsvm reads rows as arrays of (index, value) nodes ended by index -1. Every feature is
// stored explicitly (no sparse zero skipping), so a row of f features takes f + 1 nodes.
class SvmRows {
 public:
  explicit SvmRows(const torch::Tensor& features) {
    const torch::Tensor values = features.to(torch::kCPU, torch::kDouble).contiguous();
    rows_ = values.size(0);
    width_ = values.size(1);
    nodes_.resize(static_cast<size_t>(rows_ * (width_ + 1)));
    const double* data = values.data_ptr<double>();
    for (int64_t r = 0; r < rows_; ++r) {
      svm_node* row = &nodes_[static_cast<size_t>(r * (width_ + 1))];
      for (int64_t f = 0; f < width_; ++f) row[f] = {static_cast<int>(f + 1), data[r * width_ + f]};
      row[width_] = {-1, 0.0};
    }
  }
  int64_t size() const { return rows_; }
  svm_node* row(int64_t r) { return &nodes_[static_cast<size_t>(r * (width_ + 1))]; }

 private:
  int64_t rows_ = 0;
  int64_t width_ = 0;
  std::vector<svm_node> nodes_;
};

svm_parameter attackParameters() {
  svm_parameter param{};
  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.degree = 3;
  param.gamma = kGamma;
  param.coef0 = 0.0;
  param.cache_size = 200;
  param.eps = 1e-3;
  param.C = kCost;
  param.nr_weight = 0;
  param.weight_label = nullptr;
  param.weight = nullptr;
  param.nu = 0.5;
  param.p = 0.1;
  param.shrinking = 1;
  param.probability = 0;
  return param;
}

torch::Tensor asFeatureMatrix(const torch::Tensor& features, const char* role) {
  if (!features.defined() || features.numel() == 0) return torch::empty({0, 1}, torch::kDouble);
  torch::Tensor matrix = features.dim() == 1 ? features.unsqueeze(1) : features;
  if (matrix.dim() != 2)
    throw Error(ErrorKind::Execution, std::string("MIA ") + role + " features must be a [n, f] matrix");
  if (!torch::isfinite(matrix).all().item<bool>())
    throw Error(ErrorKind::Execution, std::string("MIA ") + role + " features contain NaN or infinity");
  return matrix;
}

struct ModelDeleter {
  void operator()(svm_model* model) const { svm_free_and_destroy_model(&model); }
};

}  // namespace

double miaEfficacy(const torch::Tensor& member, const torch::Tensor& nonmember, const torch::Tensor& target) {
  const torch::Tensor members = asFeatureMatrix(member, "member");
  const torch::Tensor nonmembers = asFeatureMatrix(nonmember, "non-member");
  const torch::Tensor targets = asFeatureMatrix(target, "target");
  if (targets.size(0) == 0) return 0.0;
  // With one side missing there is nothing to separate: every target falls on the other side.
  if (nonmembers.size(0) == 0) return 0.0;
  if (members.size(0) == 0) return 100.0;
  if (members.size(1) != nonmembers.size(1) || members.size(1) != targets.size(1))
    throw Error(ErrorKind::Execution, "MIA feature matrices have different widths");

  SvmRows training(torch::cat({members.to(torch::kDouble), nonmembers.to(torch::kDouble)}, 0));
  std::vector<double> labels(static_cast<size_t>(training.size()), 0.0);
  std::vector<svm_node*> rows(static_cast<size_t>(training.size()));
  for (int64_t r = 0; r < training.size(); ++r) {
    labels[static_cast<size_t>(r)] = r < members.size(0) ? 1.0 : 0.0;
    rows[static_cast<size_t>(r)] = training.row(r);
  }
  svm_problem problem{static_cast<int>(training.size()), labels.data(), rows.data()};
  const svm_parameter param = attackParameters();
  if (const char* problem_error = svm_check_parameter(&problem, &param))
    throw Error(ErrorKind::Execution, std::string("MIA attack: ") + problem_error);

  svm_set_print_string_function(&discardLibsvmOutput);
  std::unique_ptr<svm_model, ModelDeleter> model(svm_train(&problem, &param));
  if (!model) throw Error(ErrorKind::Execution, "MIA attack: the SVM could not be trained");

  SvmRows queries(targets);
  int64_t predicted_nonmember = 0;
  for (int64_t r = 0; r < queries.size(); ++r)
    if (svm_predict(model.get(), queries.row(r)) == 0.0) ++predicted_nonmember;
  return 100.0 * static_cast<double>(predicted_nonmember) / static_cast<double>(queries.size());
}

torch::Tensor confidenceFeature(const torch::Tensor& probabilities, const torch::Tensor& labels) {
  const torch::Tensor index = labels.to(probabilities.device(), torch::kLong).reshape({-1, 1});
  return probabilities.gather(1, index).to(torch::kFloat);
}

namespace {
// log p with p clamped away from 0, as the reference attack code does (no -inf for p = 0).
torch::Tensor safeLog(const torch::Tensor& p) { return torch::log(p.clamp_min(1e-30)); }
}  // namespace

torch::Tensor entropyFeature(const torch::Tensor& probabilities, const torch::Tensor&) {
  const torch::Tensor p = probabilities.to(torch::kFloat64);
  return (-(p * safeLog(p)).sum(1, /*keepdim=*/true)).to(torch::kFloat);
}

torch::Tensor modifiedEntropyFeature(const torch::Tensor& probabilities, const torch::Tensor& labels) {
  const torch::Tensor p = probabilities.to(torch::kFloat64);
  const torch::Tensor index = labels.to(p.device(), torch::kLong).reshape({-1, 1});
  const torch::Tensor is_label = torch::zeros_like(p).scatter_(1, index, 1.0).to(torch::kBool);
  // True label: −(1 − p_y) log p_y; every other class: −p_i log(1 − p_i).
  const torch::Tensor terms = torch::where(is_label, -(1 - p) * safeLog(p), -p * safeLog(1 - p));
  return terms.sum(1, /*keepdim=*/true).to(torch::kFloat);
}

}  // namespace lethe::exec
