// DESCRIBE DATASET d | MODEL m[@v] | METHOD x | RUN n | REQUEST 'r' (governance_views.cpp): property/value tables.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "engine/governance.hpp"
#include "engine/session.hpp"
#include "planner/registry.hpp"

namespace lethe::engine {

namespace {

Result properties() {
  Result r;
  r.setColumns({"property", "value"});
  return r;
}

Result describeDataset(Session& session, const ast::Name& name) {
  const catalog::DatasetEntry d = session.binder().findDatasetEntry(name);
  Result r = properties();
  r.addRow({"name", d.name});
  r.addRow({"kind", d.kind});
  if (!d.path.empty()) r.addRow({"path", d.path});
  if (!d.format.empty()) r.addRow({"format", d.format});
  if (d.parent_id && d.kind == "subset") r.addRow({"subset recipe", d.recipe_json});
  if (d.kind == "samples") r.addRow({"samples recipe", d.recipe_json});
  if (d.kind == "corrupted") {
    auto parent = d.parent_id ? session.catalog.datasetById(*d.parent_id, /*with_ids=*/false) : std::nullopt;
    r.addRow({"corruption of", parent ? parent->name : std::string("(dropped)")});
    r.addRow({"corruption recipe", d.recipe_json});
    const auto corruption = session.catalog.corruptionOf(d.id);
    if (!corruption)
      throw Error(ErrorKind::Catalog, "corrupted dataset '" + d.name + "' has no corruption recipe in the catalog");
    r.addRow({"corrupted rows", static_cast<int64_t>(corruption->rows.size())});
  }
  r.addRow({"train rows", d.num_train});
  r.addRow({"test rows", d.num_test});
  r.addRow({"shape", std::to_string(d.channels) + "x" + std::to_string(d.height) + "x" + std::to_string(d.width)});
  r.addRow({"classes", join(d.class_names)});
  r.addRow({"content sha256", d.content_hash});
  r.addRow({"created", d.created_at});
  return r;
}

Result describeModel(Session& session, const ast::ModelRef& ref) {
  // The model, its version and its dataset's shape: not the dataset's rows, which binding a
  // model for a statement that trains would flatten (thousands of ids for a subset).
  const auto binder = session.binder();
  const catalog::ModelEntry model = binder.findModel(ref.name);
  const catalog::VersionEntry v = binder.bindVersion(model, ref.version, ref.name.pos);
  const auto dataset = session.catalog.datasetById(model.dataset_id, /*with_ids=*/false);
  Result r = properties();
  r.addRow({"model", model.name + "@" + std::to_string(v.version)});
  r.addRow({"arch", model.arch});
  r.addRow({"kind", modelKindName(modelKindOfArch(model.arch))});
  r.addRow({"dataset", dataset ? dataset->name : model.dataset_name + " (dropped)"});
  if (dataset) {
    exec::DatasetSource shape;
    shape.channels = dataset->channels;
    shape.height = dataset->height;
    shape.width = dataset->width;
    shape.num_classes = static_cast<int64_t>(dataset->class_names.size());
    // An imported model's network is known only from its stored archive, and a generator's
    // follows its recipe (resolution, channels): both are counted from the stored weights.
    const bool from_weights = model.arch == "torchscript" || modelKindOfArch(model.arch) == ModelKind::Generator;
    r.addRow({"parameters", from_weights ? exec::parameterCount(model.arch, shape, session.catalog.loadVersionWeights(v))
                                         : exec::parameterCount(model.arch, shape)});
  }
  r.addRow({"versions", static_cast<int64_t>(session.catalog.listVersions(model.id).size())});
  r.addRow({"recipe", model.recipe_json});
  r.addRow({"note", v.note});
  if (v.run_id) r.addRow({"produced by run", *v.run_id});
  if (v.parent_version_id) {
    if (auto parent = session.catalog.versionById(*v.parent_version_id)) {
      auto owner = session.catalog.modelById(parent->model_id);
      r.addRow({"parent", (owner ? owner->name : std::string("?")) + "@" + std::to_string(parent->version)});
    }
  }
  r.addRow({"weights sha256", v.sha256});
  r.addRow({"weights bytes", v.size_bytes});
  r.addRow({"created", v.created_at});
  if (v.run_id) {
    for (const auto& m : session.catalog.metricsForRun(*v.run_id)) r.addRow({"metric " + m.name, m.value});
  }
  return r;
}

// The option rows of a method as it runs on one kind of model; `suffix` marks the generator's.
void addMethodOptionRows(Result& r, const registry::MethodSpec& method, const std::string& suffix) {
  if (method.takes_threshold)
    r.addRow({"THRESHOLD" + suffix, "real", *method.default_threshold, 0.0, 1.0, "fraction of weights kept salient (the mask)"});
  if (method.accepts_saliency)
    r.addRow({"saliency" + suffix, "real", Value(), 0.0, 1.0, "adds a saliency mask keeping this fraction of weights (none by default)"});
  for (const auto& o : method.options) {
    r.addRow({o.name + suffix, optionTypeName(o.type), formatOptionValue(o.default_value), o.min ? Value(*o.min) : Value(),
              o.max ? Value(*o.max) : Value(), o.help});
  }
}

Result describeMethod(const ast::Name& name) {
  const auto* method = registry::findMethod(lower(name.text));
  if (!method) throw Error(ErrorKind::Binder, unknownNameMessage("method", name.text, registry::methodNames()) + planner::at(name.pos));
  Result r;
  r.setColumns({"option", "type", "default", "min", "max", "description"});
  addMethodOptionRows(r, *method, "");
  // What calibration may choose when the option is unset (the default above is where it starts).
  if (const auto& c = method->calibration) {
    r.addRow({"lr (calibrated)", "real", "calibrated", c->lr_min, c->lr_max,
              "when unset, chosen for the model and forget set by calibration within this range"});
    if (c->max_epochs > 0)
      r.addRow({"epochs (calibrated)", "integer", "calibrated", 1.0, static_cast<double>(c->max_epochs),
                "when unset, chosen by calibration from per-epoch checkpoints within this range"});
  }
  // The same name on a generator: its own options (never calibrated), after a row saying what it does there.
  if (const auto* generator = registry::findMethod(method->name, ModelKind::Generator)) {
    r.addRow({"(generators)", Value(), Value(), Value(), Value(), generator->help});
    addMethodOptionRows(r, *generator, " (generators)");
  }
  return r;
}

// One row for what calibration chose and one per scored checkpoint, from the run's JSON.
void addCalibrationRows(Result& r, const std::string& json) {
  if (json.empty()) return;
  const nlohmann::json c = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!c.is_object()) return r.addRow({"calibration", json});  // unreadable: show it as stored
  if (c.contains("learning_curve")) {  // a training run: what calibration reads from it
    std::string curve;
    for (const auto& accuracy : c["learning_curve"]) {
      char number[16];
      std::snprintf(number, sizeof number, "%s%.1f", curve.empty() ? "" : " ", accuracy.get<double>());
      curve += number;
    }
    return r.addRow({"learning curve", "held-out accuracy after each epoch: " + curve});
  }
  auto trial = [](const nlohmann::json& t) {
    std::string score = "diverged";
    if (t.contains("score") && t["score"].is_number()) {
      char number[32];
      std::snprintf(number, sizeof number, "%.2f", t["score"].get<double>());
      score = number;
    }
    char text[200];
    std::snprintf(text, sizeof text, "lr %g, epochs %lld: score %s (forget acc %.1f, retain acc %.1f, held-out acc %.1f, "
                  "membership gap %.1f)",
                  t.value("lr", 0.0), static_cast<long long>(t.value("epochs", int64_t{0})),
                  score.c_str(),
                  t.value("forget_acc", 0.0), t.value("retain_acc", 0.0), t.value("heldout_acc", 0.0),
                  t.value("membership_gap", 0.0));
    return std::string(text) + (t.value("full_data", false) ? " on the full sets" : "");
  };
  r.addRow({"calibration", "chose " + c.value("chosen", nlohmann::json::object()).dump() + "; " + c.value("note", std::string()) +
                               "; criterion: " + c.value("criterion", std::string())});
  const nlohmann::json proxy = c.value("proxy", nlohmann::json::object());
  char cost[160];
  std::snprintf(cost, sizeof cost, "%.2f s calibrating (a retrain: ~%.1f s); trials on %lld forget + %lld retain rows in "
                "batches of %lld, scored on %lld held-out rows",
                c.value("seconds", 0.0), c.value("retrain_seconds_estimate", 0.0),
                static_cast<long long>(proxy.value("forget_rows", int64_t{0})),
                static_cast<long long>(proxy.value("retain_rows", int64_t{0})),
                static_cast<long long>(proxy.value("batch_size", int64_t{0})),
                static_cast<long long>(c.value("heldout_rows", int64_t{0})));
  r.addRow({"calibration cost", std::string(cost)});
  if (c.value("retrain_shortfall", 0.0) > 0) {
    char target[160];
    std::snprintf(target, sizeof target, "a retrain on the retain rows is expected to reach %.1f points less accuracy "
                  "(the model's learning curve); the criterion's targets are lowered by that", c.value("retrain_shortfall", 0.0));
    r.addRow({"calibration target", std::string(target)});
  }
  if (c.contains("original")) r.addRow({"calibration original", trial(c["original"])});
  for (const auto& t : c.value("trials", nlohmann::json::array())) r.addRow({"calibration trial", trial(t)});
  if (c.contains("result")) r.addRow({"calibration result", trial(c["result"])});
  if (c.contains("warning")) r.addRow({"calibration warning", c.value("warning", std::string())});
}

Result describeRun(Session& session, int64_t id, const ast::SourcePos& pos) {
  auto run = session.catalog.runById(id);
  if (!run) throw Error(ErrorKind::Binder, "there is no run " + std::to_string(id) + planner::at(pos));
  Result r = properties();
  r.addRow({"run", run->id});
  r.addRow({"kind", run->kind});
  r.addRow({"statement", run->statement});
  if (!run->method.empty()) r.addRow({"method", run->method});
  if (!run->options_json.empty()) r.addRow({"options", run->options_json});
  addCalibrationRows(r, run->calibration_json);
  if (run->forget_set_id) r.addRow({"forget set", *run->forget_set_id});
  r.addRow({"status", run->status});
  r.addRow({"seconds", run->seconds});
  r.addRow({"started", run->started_at});
  // One row per plan line, so the tree stays readable.
  std::istringstream plan(run->plan);
  bool first = true;
  for (std::string line; std::getline(plan, line); first = false) r.addRow({first ? "plan" : "", line});
  for (const auto& m : session.catalog.metricsForRun(run->id)) r.addRow({"metric " + m.name, m.value});
  return r;
}

}  // namespace

Result runDescribe(Session& session, const ast::DescribeInfo& info) {
  if (session.explain != ExplainMode::None) return planResult(planner::planSingle(planner::OperatorKind::CatalogRead, "DESCRIBE"));
  using What = ast::DescribeInfo::What;
  switch (info.what) {
    case What::Dataset: return describeDataset(session, info.model.name);
    case What::Model: return describeModel(session, info.model);
    case What::Method: return describeMethod(info.model.name);
    case What::Run: return describeRun(session, info.run_id, info.pos);
    case What::Request: return describeRequest(session, info.request);
  }
  return Result();
}

}  // namespace lethe::engine
