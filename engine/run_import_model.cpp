// IMPORT MODEL: read and check a TorchScript classifier, then store model, version 1 (the
// archive itself), run and metrics in one transaction — nothing is written if any step fails.
#include "engine/session.hpp"

namespace lethe::engine {

Result runImportModel(Session& session, const ast::ImportModelInfo& info) {
  auto bound = session.binder().bindImportModel(info);
  auto plan = planner::planImportModel(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);
  startRun(session, "import");

  const exec::ImportOutcome imported = exec::importModel(bound.path, bound.dataset.source, session.context);
  plan.at(planner::OperatorKind::ReadFile).seconds = imported.seconds;

  const auto start = std::chrono::steady_clock::now();
  stopIfCancelled(session);
  catalog::Catalog::Transaction transaction(session.catalog);
  catalog::ModelEntry model;
  model.name = bound.name;
  model.dataset_id = bound.dataset.entry.id;
  model.dataset_name = bound.dataset.entry.name;
  model.arch = "torchscript";
  model.recipe_json = bound.recipe.toJson();
  model.id = session.catalog.insertModel(model);

  catalog::RunEntry run = runRecord(session, "import", plan);
  run.model_id = model.id;
  run.options_json = model.recipe_json;
  run.seconds = imported.seconds;

  catalog::VersionEntry version;
  version.model_id = model.id;
  version.version = 1;
  version.note = "imported from '" + bound.path + "'";
  session.catalog.insertVersionWithRun(run, version, imported.weights, imported.metrics);
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  result.setColumns({"model", "arch", "dataset", "parameters", "test_acc", "seconds"});
  auto metric = [&](const std::string& name) {
    auto it = imported.metrics.find(name);
    return it == imported.metrics.end() ? Value() : Value(it->second);
  };
  result.addRow({bound.name + "@1", std::string("torchscript"), bound.dataset.entry.name, imported.parameters,
                 metric("test_acc"), imported.seconds});
  return result;
}

}  // namespace lethe::engine
