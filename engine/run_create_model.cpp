// CREATE MODEL: train from scratch, then store model, version 1, run and metrics at once.
#include "common/error.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

Result runCreateModel(Session& session, const ast::CreateModelInfo& info) {
  auto bound = session.binder().bindCreateModel(info);
  if (bound.skip) return statusResult("model " + info.name.text + " already exists, skipped");
  auto plan = planner::planCreateModel(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);
  startRun(session, "train");

  exec::TrainRequest request;
  request.dataset = bound.dataset.source;
  request.arch = bound.arch;
  request.recipe = bound.recipe;
  const exec::TrainOutcome trained = exec::train(request, session.context);
  plan.at(planner::OperatorKind::Train).seconds = trained.seconds;

  const auto start = std::chrono::steady_clock::now();
  stopIfCancelled(session);
  catalog::Catalog::Transaction transaction(session.catalog);
  if (session.catalog.findModel(bound.name))
    throw Error(ErrorKind::Execution, "model '" + bound.name + "' was created by another connection while this one trained; "
                                      "nothing was stored");
  catalog::ModelEntry model;
  model.name = bound.name;
  model.dataset_id = bound.dataset.entry.id;
  model.dataset_name = bound.dataset.entry.name;
  model.arch = bound.arch;
  model.recipe_json = bound.recipe.toJson();
  model.id = session.catalog.insertModel(model);

  catalog::RunEntry run = runRecord(session, "train", plan);
  run.model_id = model.id;
  run.options_json = model.recipe_json;
  run.seconds = trained.seconds;
  run.calibration_json = exec::learningCurveJson(trained.heldout_curve);

  catalog::VersionEntry version;
  version.model_id = model.id;
  version.version = 1;
  version.note = "trained " + bound.arch + " on " + bound.dataset.entry.name;
  session.catalog.insertVersionWithRun(run, version, trained.weights, trained.metrics);
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  auto metric = [&](const std::string& name) {
    auto it = trained.metrics.find(name);
    return it == trained.metrics.end() ? Value() : Value(it->second);
  };
  // A generator has no accuracy: its training loss and length (in Adam steps) instead.
  if (modelKindOfArch(bound.arch) == ModelKind::Generator) {
    result.setColumns({"model", "arch", "dataset", "parameters", "steps", "resolution", "loss", "images_per_s", "seconds"});
    result.addRow({bound.name + "@1", bound.arch, bound.dataset.entry.name, trained.parameters, bound.recipe.integer("steps"),
                   bound.recipe.integer("resolution"), metric("loss"), trained.images_per_second, trained.seconds});
    return result;
  }
  result.setColumns({"model", "arch", "dataset", "parameters", "epochs", "train_acc", "test_acc", "images_per_s", "seconds"});
  result.addRow({bound.name + "@1", bound.arch, bound.dataset.entry.name, trained.parameters, bound.recipe.integer("epochs"),
                 metric("train_acc"), metric("test_acc"), trained.images_per_second, trained.seconds});
  return result;
}

}  // namespace lethe::engine
