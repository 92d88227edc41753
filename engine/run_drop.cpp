// DROP DATASET | MODEL name [IF EXISTS] | MODEL name@version [CASCADE].
#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

namespace {

// DROP MODEL m@v [CASCADE]: the version (and with CASCADE the versions made from it) in one
// transaction; the runs that made them stay, as history.
Result dropVersions(Session& session, const ast::DropInfo& info) {
  const auto bound = session.binder().bindDropVersion(info);
  if (session.explain != ExplainMode::None)
    return planResult(planner::planSingle(planner::OperatorKind::CatalogWrite, "drop " + join(bound.names)));
  catalog::Catalog::Transaction transaction(session.catalog);
  // Children first: nothing is ever left pointing at a parent that is gone mid-way.
  for (auto it = bound.versions.rbegin(); it != bound.versions.rend(); ++it) session.catalog.deleteVersion(it->id);
  transaction.commit();
  return statusResult("dropped " + join(bound.names));
}

}  // namespace

Result runDrop(Session& session, const ast::DropInfo& info) {
  auto& catalog = session.catalog;
  const bool is_model = info.what == ast::DropInfo::What::Model;
  if (!is_model && (info.version || info.cascade))
    throw Error(ErrorKind::Binder, std::string("a dataset has no versions: ") + (info.cascade ? "CASCADE" : "@version") +
                                       " applies to DROP MODEL" + planner::at(info.name.pos));
  if (is_model && info.cascade && !info.version)
    throw Error(ErrorKind::Binder, "CASCADE applies to one version, DROP MODEL " + info.name.text +
                                       "@<version> CASCADE; DROP MODEL " + info.name.text + " drops every version" +
                                       planner::at(info.name.pos));
  if (is_model && info.version && !(info.if_exists && !catalog.findModel(info.name.text))) return dropVersions(session, info);
  const std::string what = is_model ? "model" : "dataset";
  std::optional<int64_t> id;
  std::vector<std::string> names;
  if (is_model) {
    if (auto m = catalog.findModel(info.name.text)) id = m->id;
    for (const auto& m : catalog.listModels()) names.push_back(m.name);
  } else {
    if (auto d = catalog.findDataset(info.name.text)) id = d->id;
    for (const auto& d : catalog.listDatasets(/*with_ids=*/false)) names.push_back(d.name);
  }
  if (!id) {
    if (info.if_exists) return statusResult(what + " " + info.name.text + " does not exist, skipped");
    throw Error(ErrorKind::Binder, unknownNameMessage(what, info.name.text, names) + planner::at(info.name.pos));
  }
  if (session.explain != ExplainMode::None)
    return planResult(planner::planSingle(planner::OperatorKind::CatalogWrite, "drop " + what + " " + info.name.text));

  catalog::Catalog::Transaction transaction(catalog);
  if (is_model) catalog.deleteModel(*id);
  else catalog.deleteDataset(*id);
  transaction.commit();
  return statusResult("dropped " + what + " " + info.name.text);
}

}  // namespace lethe::engine
