// FORGET: resolve the forget set, reuse or compute the mask, unlearn, evaluate, and store
// the new version, forget set, mask, run and metrics in one transaction.
#include <cmath>

#include "common/error.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

namespace {

using Metrics = std::map<std::string, double>;

// Avg. Gap: mean |metric - retrain's| over ua, ra, ta, mia (METHODS.md).
std::optional<double> averageGap(const Metrics& ours, const Metrics& reference) {
  double sum = 0;
  for (const char* name : {"ua", "ra", "ta", "mia"}) {
    auto a = ours.find(name), b = reference.find(name);
    if (a == ours.end() || b == reference.end()) return std::nullopt;
    sum += std::fabs(a->second - b->second);
  }
  return sum / 4.0;
}

Metrics storedMetrics(const catalog::Catalog& catalog, int64_t run_id) {
  Metrics out;
  for (const auto& m : catalog.metricsForRun(run_id)) out[m.name] = m.value;
  return out;
}

}  // namespace

Result runForget(Session& session, const ast::ForgetInfo& info) {
  auto& catalog = session.catalog;
  auto bound = session.binder().bindForget(info);
  auto plan = planner::planForget(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);
  const auto& source = bound.source;

  // The forget set: class-wise targets need the labels; reuse an identical stored set.
  auto start = std::chrono::steady_clock::now();
  catalog::ForgetSetEntry forget_set;
  forget_set.dataset_id = source.dataset.entry.id;
  forget_set.kind = bound.target.kind;
  forget_set.description = bound.target.description;
  forget_set.classes = bound.target.classes;
  forget_set.ids = bound.target.kind == "class" ? exec::trainIndicesOfClasses(source.dataset.source, bound.target.classes)
                                                : bound.target.ids;
  forget_set.size = static_cast<int64_t>(forget_set.ids.size());
  if (forget_set.ids.empty()) throw Error(ErrorKind::Execution, "the forget set " + forget_set.description + " is empty");
  if (auto existing = catalog.findForgetSet(forget_set.dataset_id, forget_set.ids)) forget_set.id = existing->id;
  plan.find(planner::OperatorKind::ResolveForgetSet)->seconds = secondsSince(start);

  exec::ForgetRequest request;
  request.dataset = source.dataset.source;
  request.arch = source.model.arch;
  request.recipe = source.recipe;
  request.weights = catalog.loadBlob(source.version.weights_blob_id);
  request.forget = {forget_set.ids, forget_set.classes};
  request.method = bound.method;
  request.options = bound.options;
  request.threshold = bound.threshold;
  request.metrics = bound.metrics;
  if (bound.threshold && forget_set.id) {
    if (auto mask = catalog.findMask(source.version.id, forget_set.id, *bound.threshold))
      request.mask = catalog.loadBlob(mask->blob_id);
  }
  const exec::ForgetOutcome outcome = exec::forget(request, session.context);

  Metrics metrics = outcome.metrics;
  const double rte = outcome.mask_seconds + outcome.unlearn_seconds;
  metrics["rte"] = rte;
  if (bound.method == "retrain") {
    metrics["gap"] = 0.0;
  } else if (forget_set.id) {
    if (auto reference = catalog.findRetrainRun(source.version.id, forget_set.id)) {
      if (auto gap = averageGap(metrics, storedMetrics(catalog, reference->id))) metrics["gap"] = *gap;
    }
  }
  if (auto* node = plan.find(planner::OperatorKind::Saliency)) node->seconds = outcome.mask_seconds;
  plan.find(planner::OperatorKind::Unlearn)->seconds = outcome.unlearn_seconds;
  plan.find(planner::OperatorKind::Evaluate)->seconds = outcome.evaluate_seconds;

  // Everything computed: write it all in one transaction.
  start = std::chrono::steady_clock::now();
  catalog::Catalog::Transaction transaction(catalog);
  if (!forget_set.id) forget_set.id = catalog.insertForgetSet(forget_set);
  if (outcome.mask_computed && outcome.mask && bound.threshold) {
    catalog::MaskEntry mask;
    mask.version_id = source.version.id;
    mask.forget_set_id = forget_set.id;
    mask.threshold = *bound.threshold;
    if (!catalog.findMask(mask.version_id, mask.forget_set_id, mask.threshold)) catalog.insertMask(mask, *outcome.mask);
  }

  catalog::ModelEntry target_model = source.model;
  int64_t new_version = 1;
  if (bound.into) {
    target_model.name = *bound.into;
    target_model.id = catalog.insertModel(target_model);
  } else {
    new_version = catalog.latestVersion(source.model.id)->version + 1;
  }

  catalog::RunEntry run = runRecord(session, "forget", plan);
  run.model_id = target_model.id;
  run.source_version_id = source.version.id;
  run.forget_set_id = forget_set.id;
  run.method = bound.method;
  run.options_json = bound.options.toJson();
  run.seconds = rte;
  run.id = catalog.insertRun(run);

  catalog::VersionEntry version;
  version.model_id = target_model.id;
  version.version = new_version;
  version.parent_version_id = source.version.id;
  version.run_id = run.id;
  version.note = bound.method + " forgetting " + forget_set.description + " from " + source.display();
  const int64_t version_id = catalog.insertVersion(version, outcome.weights);
  catalog.setRunResultVersion(run.id, version_id);
  for (const auto& [name, value] : metrics) catalog.insertMetric(run.id, name, value);
  transaction.commit();
  plan.nodes.back().seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  std::vector<std::string> columns = {"run", "model", "method", "forget_set", "forgotten"};
  std::vector<Value> row = {run.id, target_model.name + "@" + std::to_string(new_version), bound.method, forget_set.id,
                            forget_set.size};
  for (const auto& name : bound.metrics) {
    columns.push_back(name);
    auto it = metrics.find(name);
    row.push_back(it == metrics.end() ? Value() : Value(it->second));
  }
  columns.push_back("seconds");
  row.push_back(outcome.mask_seconds + outcome.unlearn_seconds + outcome.evaluate_seconds);
  result.setColumns(columns);
  result.addRow(row);
  return result;
}

}  // namespace lethe::engine
