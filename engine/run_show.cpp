// SHOW DATASETS | MODELS | VERSIONS OF m | RUNS | METHODS | METRICS | ARCHS | FORGET SETS
// (and, from governance_views.cpp, REQUESTS | AUDIT | MODELS CONTAINING ...).
#include <set>

#include "engine/governance.hpp"
#include "engine/session.hpp"
#include "planner/registry.hpp"

namespace lethe::engine {

namespace {

Value optional(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(); }

std::string shape(const catalog::DatasetEntry& d) {
  return std::to_string(d.channels) + "x" + std::to_string(d.height) + "x" + std::to_string(d.width);
}

Result showDatasets(const catalog::Catalog& catalog) {
  Result r;
  r.setColumns({"name", "kind", "train", "test", "classes", "shape", "source"});
  for (const auto& d : catalog.listDatasets(/*with_ids=*/false)) {
    std::string source = d.path;
    if (d.kind == "subset") {
      auto parent = d.parent_id ? catalog.datasetById(*d.parent_id, /*with_ids=*/false) : std::nullopt;
      source = "subset of " + (parent ? parent->name : std::string("(dropped)"));
    } else if (d.kind == "samples") {
      source = "samples " + d.recipe_json;  // e.g. samples {"model":"gen@1","per_class":8,...}
    } else if (d.kind == "corrupted") {
      // e.g. "poison of fmnist {"kind":"poison","count":300,"target":"Bag","seed":1}"
      auto parent = d.parent_id ? catalog.datasetById(*d.parent_id, /*with_ids=*/false) : std::nullopt;
      auto corruption = catalog.corruptionOf(d.id);
      source = (corruption ? corruption->kind : std::string("corruption")) + " of " +
               (parent ? parent->name : std::string("(dropped)")) + " " + d.recipe_json;
    }
    r.addRow({d.name, d.kind, d.num_train, d.num_test, static_cast<int64_t>(d.class_names.size()), shape(d), source});
  }
  return r;
}

Result showModels(const catalog::Catalog& catalog) {
  Result r;
  r.setColumns({"name", "arch", "kind", "dataset", "versions", "latest", "active", "created"});
  // One read of the datasets and versions for all models, not one per model.
  std::set<int64_t> datasets;
  for (const auto& d : catalog.listDatasets(/*with_ids=*/false)) datasets.insert(d.id);
  const auto summaries = catalog.versionSummaries();
  for (const auto& m : catalog.listModels()) {
    const std::string dataset = datasets.count(m.dataset_id) ? m.dataset_name : m.dataset_name + " (dropped)";
    const auto it = summaries.find(m.id);
    const std::string kind = modelKindName(modelKindOfArch(m.arch));
    if (it == summaries.end()) {
      r.addRow({m.name, m.arch, kind, dataset, int64_t{0}, Value(), Value(), m.created_at});
      continue;
    }
    const auto& s = it->second;
    r.addRow({m.name, m.arch, kind, dataset, s.count, s.latest, s.active, m.created_at});
  }
  return r;
}

Result showVersions(const planner::Binder& binder, const catalog::Catalog& catalog, const ast::Name& name) {
  const auto model = binder.findModel(name);
  Result r;
  r.setColumns({"version", "parent", "run", "note", "sha256", "bytes", "created", "active"});
  const auto active = catalog.activeVersion(model.id);
  const auto versions = catalog.listVersions(model.id);
  // A parent is nearly always a version of the same model (FORGET ... INTO makes the others):
  // those are named from the list itself, not looked up one by one.
  std::map<int64_t, int64_t> own_versions;  // version id -> number
  for (const auto& v : versions) own_versions[v.id] = v.version;
  for (const auto& v : versions) {
    Value parent;
    if (v.parent_version_id) {
      if (auto own = own_versions.find(*v.parent_version_id); own != own_versions.end()) {
        parent = model.name + "@" + std::to_string(own->second);
      } else if (auto p = catalog.versionById(*v.parent_version_id)) {
        auto owner = catalog.modelById(p->model_id);
        parent = (owner ? owner->name : std::string("?")) + "@" + std::to_string(p->version);
      }
    }
    r.addRow({v.version, parent, optional(v.run_id), v.note, v.sha256.substr(0, 12), v.size_bytes, v.created_at,
              active && active->id == v.id ? "yes" : "no"});
  }
  return r;
}

Result showRuns(const catalog::Catalog& catalog) {
  Result r;
  r.setColumns({"run", "kind", "model", "method", "forget_set", "status", "seconds", "started"});
  for (const auto& run : catalog.listRuns()) {
    Value model;
    if (run.model_id) {
      auto m = catalog.modelById(*run.model_id);
      model = m ? m->name : std::string("(dropped)");
      if (m && run.result_version_id)
        if (auto v = catalog.versionById(*run.result_version_id)) model = m->name + "@" + std::to_string(v->version);
    }
    r.addRow({run.id, run.kind, model, run.method.empty() ? Value() : Value(run.method), optional(run.forget_set_id),
              run.status, run.seconds, run.started_at});
  }
  return r;
}

Result showForgetSets(const catalog::Catalog& catalog) {
  Result r;
  r.setColumns({"id", "dataset", "kind", "target", "size", "created"});
  for (const auto& f : catalog.listForgetSets()) {
    auto d = catalog.datasetById(f.dataset_id);
    r.addRow({f.id, d ? d->name : std::string("(dropped)"), scenarioName(f.kind), f.description, f.size, f.created_at});
  }
  return r;
}

// One row per method name; those that also unlearn generators say so (DESCRIBE METHOD shows
// their options on each kind of model).
Result showMethods() {
  Result r;
  r.setColumns({"method", "threshold", "description"});
  for (const auto& m : registry::methods()) {
    const bool generators = registry::findMethod(m.name, ModelKind::Generator) != nullptr;
    r.addRow({m.name, m.default_threshold ? Value(*m.default_threshold) : Value(),
              m.help + (generators ? " (also for generators)" : "")});
  }
  return r;
}

// The kind of model is in the description of each (generators': "generator: ..." / "generators: ...").
template <class Spec>
Result showNamed(const std::vector<Spec>& specs, const std::string& column) {
  Result r;
  r.setColumns({column, "description"});
  for (const auto& s : specs) r.addRow({s.name, s.help});
  return r;
}

}  // namespace

Result runShow(Session& session, const ast::ShowInfo& info) {
  if (session.explain != ExplainMode::None) return planResult(planner::planSingle(planner::OperatorKind::CatalogRead, "SHOW"));
  using What = ast::ShowInfo::What;
  switch (info.what) {
    case What::Datasets: return showDatasets(session.catalog);
    case What::Models: return showModels(session.catalog);
    case What::Versions: return showVersions(session.binder(), session.catalog, info.of);
    case What::Runs: return showRuns(session.catalog);
    case What::ForgetSets: return showForgetSets(session.catalog);
    case What::Methods: return showMethods();
    case What::Metrics: return showNamed(registry::metrics(), "metric");
    case What::Archs: return showNamed(registry::archs(), "arch");
    case What::Requests: return showRequests(session);
    case What::Audit: return showAudit(session.catalog);
    case What::ModelsContaining: return showModelsContaining(session, info);
  }
  return Result();
}

}  // namespace lethe::engine
