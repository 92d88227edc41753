// FORGET FOR REQUEST 'r' USING method ...: the request's rows forgotten from every model whose
// active version lineage says still holds them. Every model is bound first (a bad option fails
// before anything changes); then the request goes in_progress, and each model's FORGET is one
// transaction of its own that also links its run to the request, so a failure on the third
// model keeps the first two done. The request ends completed, or failed naming the model.
#include "common/error.hpp"
#include "engine/forget_steps.hpp"
#include "engine/governance.hpp"

namespace lethe::engine {

namespace {

// One model's share of the request, bound as a FORGET SAMPLES of the rows it still holds.
struct ModelJob {
  planner::LineageHit hit;
  planner::BoundForget forget;
};

ModelJob bindJob(const planner::Binder& binder, const ast::ForgetInfo& info, planner::LineageHit hit) {
  ast::ForgetInfo per_model = info;
  per_model.request.reset();
  per_model.model.name.text = hit.model.name;
  per_model.model.version = hit.version.version;
  per_model.target.kind = ast::ForgetTarget::Kind::Samples;
  per_model.target.sample_ids = hit.rows;
  per_model.target.pos = per_model.target.value_pos = info.request->pos;
  ModelJob job{std::move(hit), binder.bindForget(per_model)};
  job.forget.target.description = "REQUEST '" + info.request->text + "' (" + std::to_string(job.forget.target.ids.size()) + " rows)";
  return job;
}

// Progress says which model of how many is running: "[2/3 clf] salun".
ExecutionContext contextFor(const ExecutionContext& base, size_t index, size_t count, const std::string& model) {
  ExecutionContext context = base;
  if (!base.progress) return context;
  const std::string prefix = "[" + std::to_string(index + 1) + "/" + std::to_string(count) + " " + model + "] ";
  context.progress = [prefix, handler = base.progress](const OperatorProgress& p) {
    OperatorProgress tagged = p;
    tagged.op = prefix + p.op;
    handler(tagged);
  };
  return context;
}

void markFailed(catalog::Catalog& catalog, const catalog::RequestEntry& request, catalog::RequestModelEntry entry,
                const std::string& error) noexcept {
  try {
    catalog::Catalog::Transaction transaction(catalog);
    entry.status = "failed";
    entry.error = error;
    catalog.putRequestModel(entry);
    catalog.setRequestStatus(request.id, catalog::kRequestFailed, "failed on model " + entry.model_name + ": " + error);
    transaction.commit();
  } catch (...) {
    // The request stays in_progress; running FORGET FOR REQUEST again resumes it.
  }
}

Result explainJobs(const std::vector<ModelJob>& jobs) {
  Result result;
  result.setColumns({"plan"});
  for (const auto& job : jobs) {
    result.addRow({Value(job.forget.source.display() + ":")});
    for (const auto& line : planner::planForget(job.forget).render()) result.addRow({Value("  " + line)});
  }
  return result;
}

}  // namespace

Result runForgetRequest(Session& session, const ast::ForgetInfo& info) {
  auto& catalog = session.catalog;
  const auto bound = session.binder().bindForgetRequest(info);
  const auto& request = bound.request;
  std::vector<ModelJob> jobs;
  for (auto& hit : planner::findLineage(catalog, bound.dataset, request.ids, true))
    jobs.push_back(bindJob(session.binder(), info, std::move(hit)));
  if (session.explain == ExplainMode::Explain) return explainJobs(jobs);

  if (jobs.empty()) {
    catalog::Catalog::Transaction transaction(catalog);
    catalog.setRequestStatus(request.id, catalog::kRequestCompleted,
                             "no model held the request's rows: there was nothing to forget");
    transaction.commit();
    return statusResult("request '" + request.name + "' completed: no model holds its " + std::to_string(request.size) +
                        " rows of " + request.dataset_name + ", so there was nothing to forget");
  }

  startRun(session, "forget");  // the run log: a statement killed mid-way leaves a trace
  std::vector<catalog::RequestModelEntry> entries;
  {
    catalog::Catalog::Transaction transaction(catalog);
    catalog.setRequestStatus(request.id, catalog::kRequestInProgress, "");
    for (const auto& job : jobs) {
      catalog::RequestModelEntry entry;
      entry.request_id = request.id;
      entry.model_id = job.hit.model.id;
      entry.model_name = job.hit.model.name;
      entry.source_version_id = job.hit.version.id;
      entry.status = "to_do";
      catalog.putRequestModel(entry);
      entries.push_back(entry);
    }
    transaction.commit();
  }

  Result result;
  std::vector<std::string> columns = {"model", "from", "to", "run", "forgotten"};
  for (size_t k = 0; k < jobs.size(); ++k) {
    const auto& job = jobs[k];
    const auto& source = job.forget.source;
    const planner::BoundMethod method{job.forget.method, job.forget.options, job.forget.threshold, job.forget.calibration,
                                      job.forget.calibration_note};
    try {
      auto plan = planner::planForget(job.forget);
      catalog::ForgetSetEntry forget_set = resolveForgetSet(catalog, source, job.forget.target);
      const exec::ForgetOutcome outcome =
          exec::forget(makeForgetRequest(catalog, source, forget_set, method, job.forget.metrics),
                       contextFor(session.context, k, jobs.size(), source.display()));
      const Metrics metrics = forgetRunMetrics(catalog, source, job.forget.method, forget_set, outcome);

      catalog::Catalog::Transaction transaction(catalog);
      const StoredForgetRun stored = storeForgetRun(session, plan, source, forget_set, method, outcome, metrics, std::nullopt);
      entries[k].run_id = stored.run_id;
      entries[k].status = "completed";
      catalog.putRequestModel(entries[k]);
      if (k + 1 == jobs.size())
        catalog.setRequestStatus(request.id, catalog::kRequestCompleted,
                                 "forgotten from " + std::to_string(jobs.size()) + " model" + (jobs.size() > 1 ? "s" : ""));
      transaction.commit();

      std::vector<Value> row = {job.hit.model.name, source.display(), stored.model, stored.run_id, forget_set.size};
      std::vector<std::string> row_columns = columns;
      appendMetricColumns(job.forget.metrics, metrics, source.dataset.entry.class_names, row_columns, row);
      row_columns.push_back("seconds");
      row.push_back(unlearningSeconds(outcome) + outcome.evaluate_seconds);
      if (k == 0) result.setColumns(row_columns);
      if (row.size() == result.columns().size()) result.addRow(row);
    } catch (const Error& e) {
      markFailed(catalog, request, entries[k], std::string(errorKindName(e.kind())) + ": " + e.what());
      throw Error(e.kind(), "request '" + request.name + "' failed on model " + source.display() + " (" +
                                std::to_string(k) + " of " + std::to_string(jobs.size()) + " models done): " + e.what());
    } catch (const std::exception& e) {
      markFailed(catalog, request, entries[k], e.what());
      throw;
    }
  }
  return result;
}

}  // namespace lethe::engine
