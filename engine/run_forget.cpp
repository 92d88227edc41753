// FORGET: resolve the forget set, reuse or compute the mask, unlearn, evaluate, and store
// the new version, forget set, mask, run and metrics in one transaction.
#include "common/error.hpp"
#include "engine/forget_steps.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

Result runForget(Session& session, const ast::ForgetInfo& info) {
  if (info.request) return runForgetRequest(session, info);
  auto& catalog = session.catalog;
  auto bound = session.binder().bindForget(info);
  auto plan = planner::planForget(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);
  startRun(session, "forget");
  const auto& source = bound.source;
  const planner::BoundMethod method{bound.method, bound.options, bound.threshold, bound.calibration,
                                    bound.calibration_note};

  auto start = std::chrono::steady_clock::now();
  catalog::ForgetSetEntry forget_set = resolveForgetSet(catalog, source, bound.target);
  plan.at(planner::OperatorKind::ResolveForgetSet).seconds = secondsSince(start);

  exec::ForgetRequest request = makeForgetRequest(catalog, source, forget_set, method, bound.metrics);
  request.judge = generationJudge(catalog, bound.judge);
  const exec::ForgetOutcome outcome = exec::forget(request, session.context);

  const Metrics metrics = forgetRunMetrics(catalog, source, bound.method, forget_set, outcome);
  if (auto* node = plan.find(planner::OperatorKind::Saliency)) node->seconds = outcome.mask_seconds;
  if (auto* node = plan.find(planner::OperatorKind::Calibrate))
    node->seconds = outcome.calibration ? outcome.calibration->seconds : 0.0;
  plan.at(planner::OperatorKind::Unlearn).seconds = outcome.unlearn_seconds;
  plan.at(planner::OperatorKind::Evaluate).seconds = outcome.evaluate_seconds;

  // Everything computed: write it all in one transaction.
  start = std::chrono::steady_clock::now();
  catalog::Catalog::Transaction transaction(catalog);
  const StoredForgetRun stored = storeForgetRun(session, plan, source, forget_set, method, outcome, metrics, bound.into);
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  std::vector<std::string> columns = {"run", "model", "method", "forget_set", "forgotten"};
  std::vector<Value> row = {stored.run_id, stored.model, bound.method, forget_set.id, forget_set.size};
  appendMetricColumns(bound.metrics, metrics, bound.source.dataset.entry.class_names, columns, row);
  columns.push_back("seconds");
  row.push_back(unlearningSeconds(outcome) + outcome.evaluate_seconds);
  // Calibration chooses classifier options only: a generator's row has no such column.
  if (source.kind() == ModelKind::Classifier) {
    const std::string calibration = calibrationSummary(method, outcome);
    columns.push_back("calibration");
    row.push_back(calibration.empty() ? Value() : Value(calibration));
  }
  result.setColumns(columns);
  result.addRow(row);
  return result;
}

}  // namespace lethe::engine
