// EVALUATE MODEL: metrics of any version, on its own forget set or on a named one.
#include "engine/forget_steps.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

Result runEvaluate(Session& session, const ast::EvaluateModelInfo& info) {
  auto& catalog = session.catalog;
  auto bound = session.binder().bindEvaluate(info);
  auto plan = planner::planEvaluate(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);
  startRun(session, "evaluate");

  exec::EvaluateRequest request;
  request.dataset = bound.model.dataset.source;
  request.arch = bound.model.model.arch;
  request.weights = catalog.loadVersionWeights(bound.model.version);
  request.recipe = bound.model.recipe;
  if (bound.forget_set) request.forget = exec::ForgetSetSpec{bound.forget_set->ids, bound.forget_set->classes};
  request.metrics = bound.metrics;
  request.judge = generationJudge(catalog, bound.judge);
  const exec::EvaluateOutcome outcome = exec::evaluate(request, session.context);
  plan.at(planner::OperatorKind::Evaluate).seconds = outcome.seconds;

  const auto start = std::chrono::steady_clock::now();
  stopIfCancelled(session);
  catalog::Catalog::Transaction transaction(catalog);
  catalog::RunEntry run = runRecord(session, "evaluate", plan);
  run.model_id = bound.model.model.id;
  run.source_version_id = bound.model.version.id;
  if (bound.forget_set) run.forget_set_id = bound.forget_set->id;
  run.seconds = outcome.seconds;
  run.id = catalog.insertRun(run);
  for (const auto& [name, value] : outcome.metrics) catalog.insertMetric(run.id, name, value);
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  std::vector<std::string> columns = {"run", "model", "forget_set"};
  std::vector<Value> row = {run.id, bound.model.display(), bound.forget_set ? Value(bound.forget_set->id) : Value()};
  appendMetricColumns(bound.metrics, outcome.metrics, bound.model.dataset.entry.class_names, columns, row);
  columns.push_back("seconds");
  row.push_back(outcome.seconds);
  result.setColumns(columns);
  result.addRow(row);
  return result;
}

}  // namespace lethe::engine
