// COMPARE METHODS: every method on one shared forget set, retrain first as the reference
// (a stored retrain run of the same version and forget set is reused instead of rerun).
// Each method's run, version and metrics are stored — all in one transaction at the end —
// and the answer has one row per method: UA, RA, TA, MIA, Avg. Gap and seconds; for a
// generator UA_gen, FID and Acc_gen (judged by this statement's judge) and seconds.
#include <map>

#include "common/error.hpp"
#include "engine/forget_steps.hpp"
#include "engine/session.hpp"
#include "planner/registry.hpp"

namespace lethe::engine {

namespace {

struct MethodRun {
  planner::BoundMethod method;
  exec::ForgetOutcome outcome;
  Metrics metrics;
  std::optional<catalog::RunEntry> reused;  // the stored retrain run standing in for this one
  std::string failure;                      // why the method produced no model (it diverged)
  StoredForgetRun stored;
};

// The stored retrain reference for this version and forget set, when one may be reused.
std::optional<catalog::RunEntry> storedReference(const catalog::Catalog& catalog, const planner::BoundCompare& bound,
                                                 const catalog::ForgetSetEntry& forget_set) {
  if (!forget_set.id || bound.retrain_options_given) return std::nullopt;
  auto run = catalog.findRetrainRun(bound.source.version.id, forget_set.id);
  if (!run) return std::nullopt;
  // A generator's retrain is reused as a model (its metrics depend on the judge, which each
  // comparison names anew): it must still be there.
  if (bound.source.kind() == ModelKind::Generator)
    return run->result_version_id && catalog.versionById(*run->result_version_id) ? run : std::nullopt;
  const Metrics metrics = storedMetrics(catalog, run->id);
  for (const auto& name : registry::gapMetrics())
    if (!metrics.count(name)) return std::nullopt;  // evaluated without one of ours: rerun
  return run;
}

// A generator's stored retrain, judged by this comparison's judge on the shared forget set.
Metrics judgeStoredVersion(Session& session, const planner::BoundCompare& bound, const catalog::ForgetSetEntry& forget_set,
                           const catalog::RunEntry& run, const exec::GenerationJudge& judge, double& seconds) {
  exec::EvaluateRequest request;
  request.dataset = bound.source.dataset.source;
  request.arch = bound.source.model.arch;
  request.recipe = bound.source.recipe;
  request.weights = session.catalog.loadVersionWeights(*session.catalog.versionById(*run.result_version_id));
  request.forget = exec::ForgetSetSpec{forget_set.ids, forget_set.classes};
  request.metrics = bound.metrics;
  request.judge = judge;
  const exec::EvaluateOutcome outcome = exec::evaluate(request, session.context);
  seconds = outcome.seconds;
  return outcome.metrics;
}

std::string versionName(const catalog::Catalog& catalog, const catalog::RunEntry& run, const std::string& model) {
  if (!run.result_version_id) return "";
  auto version = catalog.versionById(*run.result_version_id);
  return version ? model + "@" + std::to_string(version->version) : "";
}

}  // namespace

Result runCompare(Session& session, const ast::CompareInfo& info) {
  auto& catalog = session.catalog;
  const planner::BoundCompare bound = session.binder().bindCompare(info);
  auto plan = planner::planCompare(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);
  startRun(session, "forget");

  auto start = std::chrono::steady_clock::now();
  catalog::ForgetSetEntry forget_set = resolveForgetSet(catalog, bound.source, bound.target);
  plan.at(planner::OperatorKind::ResolveForgetSet).seconds = secondsSince(start);

  // Masks computed during this statement, by threshold, so salun and `saliency = s` share one.
  std::map<double, exec::Bytes> fresh_masks;
  std::vector<MethodRun> runs;
  Metrics reference;
  const bool generator = bound.source.kind() == ModelKind::Generator;
  const std::vector<std::string>& compared_metrics = bound.metrics;
  const std::optional<exec::GenerationJudge> judge = generationJudge(catalog, bound.judge);
  for (const auto& method : bound.methods) {
    MethodRun run{method, {}, {}, std::nullopt, {}, {}};
    const bool is_reference = registry::isReferenceMethod(method.name);
    if (is_reference) run.reused = storedReference(catalog, bound, forget_set);
    if (run.reused && generator) {
      run.metrics = judgeStoredVersion(session, bound, forget_set, *run.reused, *judge, run.outcome.evaluate_seconds);
      run.metrics["rte"] = run.reused->seconds;
    } else if (run.reused) {
      run.metrics = storedMetrics(catalog, run.reused->id);
      run.metrics["rte"] = run.reused->seconds;
    } else {
      exec::ForgetRequest request = makeForgetRequest(catalog, bound.source, forget_set, method, compared_metrics);
      request.judge = judge;
      if (method.threshold && !request.mask && fresh_masks.count(*method.threshold))
        request.mask = fresh_masks.at(*method.threshold);
      try {
        run.outcome = exec::forget(request, session.context);
      } catch (const Error& error) {
        // One method failing (e.g. ga diverging) should not cost the whole comparison; the
        // reference must succeed, and interrupts and other kinds of errors end the statement.
        if (is_reference || error.kind() != ErrorKind::Execution) throw;
        run.failure = error.what();
      }
      if (run.outcome.mask_computed && run.outcome.mask) fresh_masks[*method.threshold] = *run.outcome.mask;
      run.metrics = run.outcome.metrics;
      if (run.failure.empty()) run.metrics["rte"] = unlearningSeconds(run.outcome);
    }
    if (is_reference) reference = run.metrics;
    if (!generator)
      if (auto gap = averageGap(run.metrics, reference)) run.metrics["gap"] = *gap;

    using planner::OperatorKind;
    if (method.threshold) plan.at(OperatorKind::Saliency, method.name).seconds = run.outcome.mask_seconds;
    if (method.calibration)
      plan.at(OperatorKind::Calibrate, method.name).seconds = run.outcome.calibration ? run.outcome.calibration->seconds : 0.0;
    plan.at(OperatorKind::Unlearn, method.name).seconds = run.outcome.unlearn_seconds;
    plan.at(OperatorKind::Evaluate, method.name).seconds = run.outcome.evaluate_seconds;
    runs.push_back(std::move(run));
  }

  start = std::chrono::steady_clock::now();
  catalog::Catalog::Transaction transaction(catalog);
  for (auto& run : runs) {
    if (run.reused || !run.failure.empty()) continue;
    run.stored = storeForgetRun(session, plan, bound.source, forget_set, run.method, run.outcome, run.metrics, std::nullopt);
  }
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  // The compared metrics (ua, ra, ta, mia; generators ua_gen, fid, acc_gen), gap (classifiers),
  // then `seconds`: the method's own time (mask, calibration, unlearning: its rte);
  // `eval_seconds` its metrics, so the rows add up to the statement's wall time.
  std::vector<std::string> measures = compared_metrics;
  std::vector<std::string> columns = {"method", "run", "model"};
  columns.insert(columns.end(), compared_metrics.begin(), compared_metrics.end());
  if (!generator) {
    measures.push_back("gap");
    columns.push_back("gap");
  }
  measures.push_back("rte");
  columns.insert(columns.end(), {"seconds", "eval_seconds", "note"});
  result.setColumns(columns);
  for (const auto& run : runs) {
    const bool reused = run.reused.has_value();
    const bool failed = !run.failure.empty();
    std::vector<Value> row = {run.method.name, reused ? Value(run.reused->id) : failed ? Value() : Value(run.stored.run_id),
                              reused ? versionName(catalog, *run.reused, bound.source.model.name)
                                     : failed ? Value() : Value(run.stored.model)};
    for (const auto& name : measures) {
      auto it = run.metrics.find(name);
      row.push_back(it == run.metrics.end() ? Value() : Value(it->second));
    }
    // A generator's stored reference is judged anew here, so its evaluation time counts.
    row.push_back((reused && !generator) || failed ? Value() : Value(run.outcome.evaluate_seconds));
    std::string note;
    if (registry::isReferenceMethod(run.method.name)) note = reused ? "reference, stored run reused" : "reference";
    if (!reused && !failed) {
      const std::string calibration = calibrationSummary(run.method, run.outcome);
      if (!calibration.empty()) note += (note.empty() ? "calibration: " : "; calibration: ") + calibration;
    }
    if (failed) note = "failed: " + run.failure;
    row.push_back(note);
    result.addRow(row);
  }
  return result;
}

}  // namespace lethe::engine
