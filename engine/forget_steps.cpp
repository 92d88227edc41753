#include "engine/forget_steps.hpp"

#include <cmath>

#include "common/error.hpp"
#include "planner/registry.hpp"

namespace lethe::engine {

catalog::ForgetSetEntry resolveForgetSet(const catalog::Catalog& catalog, const planner::BoundModel& source,
                                         const planner::BoundForgetTarget& target) {
  catalog::ForgetSetEntry forget_set;
  forget_set.dataset_id = source.dataset.entry.id;
  forget_set.kind = target.kind;
  forget_set.description = target.description;
  forget_set.classes = target.classes;
  // A class-wise target lists its rows from the labels; a stored set already has them.
  const bool needs_labels = target.kind == ForgetScenario::Class && !target.forget_set_id;
  forget_set.ids = needs_labels ? exec::trainIndicesOfClasses(source.dataset.source, target.classes) : target.ids;
  forget_set.size = static_cast<int64_t>(forget_set.ids.size());
  if (forget_set.ids.empty()) throw Error(ErrorKind::Execution, "the forget set " + forget_set.description + " is empty");
  if (target.forget_set_id) {
    forget_set.id = *target.forget_set_id;
  } else if (auto existing = catalog.findForgetSet(forget_set.dataset_id, forget_set.ids)) {
    forget_set.id = existing->id;
  }
  return forget_set;
}

namespace {

// The CREATE MODEL run at the root of `version`'s chain (FORGET versions descend from it):
// its seconds and learning curve tell calibration what a retrain costs and reaches. None for
// imported models or when the history is gone.
std::optional<catalog::RunEntry> trainingRun(const catalog::Catalog& catalog, catalog::VersionEntry version) {
  while (version.parent_version_id) {
    auto parent = catalog.versionById(*version.parent_version_id);
    if (!parent) return std::nullopt;
    version = *parent;
  }
  if (!version.run_id) return std::nullopt;
  auto run = catalog.runById(*version.run_id);
  if (!run || run->kind != "train") return std::nullopt;
  return run;
}

}  // namespace

exec::ForgetRequest makeForgetRequest(const catalog::Catalog& catalog, const planner::BoundModel& source,
                                      const catalog::ForgetSetEntry& forget_set, const planner::BoundMethod& method,
                                      const std::vector<std::string>& metrics) {
  exec::ForgetRequest request;
  request.dataset = source.dataset.source;
  request.arch = source.model.arch;
  request.recipe = source.recipe;
  request.weights = catalog.loadVersionWeights(source.version);
  request.forget = {forget_set.ids, forget_set.classes};
  request.method = method.name;
  request.options = method.options;
  request.threshold = method.threshold;
  request.metrics = metrics;
  request.calibration = method.calibration;
  if (request.calibration) {
    if (auto run = trainingRun(catalog, source.version)) {
      if (run->seconds > 0) request.calibration->training_seconds = run->seconds;
      request.calibration->learning_curve = exec::learningCurveFromJson(run->calibration_json);
    }
  }
  if (method.threshold && forget_set.id) {
    if (auto mask = catalog.findMask(source.version.id, forget_set.id, *method.threshold))
      request.mask = catalog.loadBlob(mask->blob_id);
  }
  return request;
}

exec::GenerationJudge generationJudge(const catalog::Catalog& catalog, const planner::BoundJudge& judge) {
  exec::GenerationJudge request;
  request.arch = judge.model.model.arch;
  request.weights = catalog.loadVersionWeights(judge.model.version);
  request.samples_per_class = judge.samples_per_class;
  request.steps = judge.steps;
  request.guidance = judge.guidance;
  request.seed = static_cast<uint64_t>(judge.seed);
  return request;
}

std::optional<exec::GenerationJudge> generationJudge(const catalog::Catalog& catalog,
                                                     const std::optional<planner::BoundJudge>& judge) {
  if (!judge) return std::nullopt;
  return generationJudge(catalog, *judge);
}

double unlearningSeconds(const exec::ForgetOutcome& outcome) {
  return outcome.mask_seconds + (outcome.calibration ? outcome.calibration->seconds : 0.0) + outcome.unlearn_seconds;
}

std::string calibrationSummary(const planner::BoundMethod& method, const exec::ForgetOutcome& outcome) {
  if (outcome.calibration) return outcome.calibration->summary(outcome.unlearn_seconds);
  return method.calibration_note;
}

std::optional<double> averageGap(const Metrics& ours, const Metrics& reference) {
  const std::vector<std::string> names = registry::gapMetrics();
  double sum = 0;
  for (const auto& name : names) {
    auto a = ours.find(name), b = reference.find(name);
    if (a == ours.end() || b == reference.end()) return std::nullopt;
    sum += std::fabs(a->second - b->second);
  }
  return sum / static_cast<double>(names.size());
}

Metrics forgetRunMetrics(const catalog::Catalog& catalog, const planner::BoundModel& source, const std::string& method,
                         const catalog::ForgetSetEntry& forget_set, const exec::ForgetOutcome& outcome) {
  Metrics metrics = outcome.metrics;
  metrics["rte"] = unlearningSeconds(outcome);
  if (source.kind() == ModelKind::Generator) return metrics;  // Avg. Gap averages classifier metrics
  if (registry::isReferenceMethod(method)) {
    metrics["gap"] = 0.0;
  } else if (forget_set.id) {
    if (auto reference = catalog.findRetrainRun(source.version.id, forget_set.id))
      if (auto gap = averageGap(metrics, storedMetrics(catalog, reference->id))) metrics["gap"] = *gap;
  }
  return metrics;
}

Metrics storedMetrics(const catalog::Catalog& catalog, int64_t run_id) {
  Metrics out;
  for (const auto& m : catalog.metricsForRun(run_id)) out[m.name] = m.value;
  return out;
}

StoredForgetRun storeForgetRun(Session& session, const planner::LogicalPlan& plan, const planner::BoundModel& source,
                               catalog::ForgetSetEntry& forget_set, const planner::BoundMethod& method,
                               const exec::ForgetOutcome& outcome, const Metrics& metrics,
                               const std::optional<std::string>& into) {
  auto& catalog = session.catalog;
  stopIfCancelled(session);
  // The catalog may have changed while the method computed (another connection's commit):
  // checked here, under the write lock, before anything is stored.
  if (!catalog.versionById(source.version.id))
    throw Error(ErrorKind::Execution, "model '" + source.model.name + "' (or its version " + std::to_string(source.version.version) +
                                          ") was dropped by another connection while this statement ran; nothing was stored");
  if (into && catalog.findModel(*into))
    throw Error(ErrorKind::Execution, "model '" + *into + "' was created by another connection while this statement ran; "
                                      "nothing was stored");
  if (!forget_set.id) {
    // Another connection may have stored the same set meanwhile: reuse it, as the docs promise.
    if (auto existing = catalog.findForgetSet(forget_set.dataset_id, forget_set.ids)) forget_set.id = existing->id;
    else forget_set.id = catalog.insertForgetSet(forget_set);
  }
  if (outcome.mask_computed && outcome.mask && method.threshold &&
      !catalog.findMask(source.version.id, forget_set.id, *method.threshold)) {
    catalog::MaskEntry mask;
    mask.version_id = source.version.id;
    mask.forget_set_id = forget_set.id;
    mask.threshold = *method.threshold;
    catalog.insertMask(mask, *outcome.mask);
  }

  catalog::ModelEntry target_model = source.model;
  int64_t new_version = 1;
  if (into) {
    target_model.name = *into;
    target_model.id = catalog.insertModel(target_model);
  } else {
    new_version = catalog.latestVersion(source.model.id)->version + 1;
  }

  catalog::RunEntry run = runRecord(session, "forget", plan);
  run.model_id = target_model.id;
  run.source_version_id = source.version.id;
  run.forget_set_id = forget_set.id;
  run.method = method.name;
  run.options_json = outcome.options.toJson();
  if (outcome.calibration) run.calibration_json = outcome.calibration->toJson();
  run.seconds = unlearningSeconds(outcome);

  catalog::VersionEntry version;
  version.model_id = target_model.id;
  version.version = new_version;
  version.parent_version_id = source.version.id;
  version.note = method.name + " forgetting " + forget_set.description + " from " + source.display();
  const catalog::Catalog::StoredVersion stored = catalog.insertVersionWithRun(run, version, outcome.weights, metrics);
  return {stored.run_id, target_model.name + "@" + std::to_string(new_version)};
}

}  // namespace lethe::engine
