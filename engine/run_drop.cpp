// DROP DATASET | MODEL name [IF EXISTS].
#include "common/error.hpp"
#include "common/suggest.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

Result runDrop(Session& session, const ast::DropInfo& info) {
  auto& catalog = session.catalog;
  const bool is_model = info.what == ast::DropInfo::What::Model;
  const std::string what = is_model ? "model" : "dataset";
  std::optional<int64_t> id;
  std::vector<std::string> names;
  if (is_model) {
    if (auto m = catalog.findModel(info.name.text)) id = m->id;
    for (const auto& m : catalog.listModels()) names.push_back(m.name);
  } else {
    if (auto d = catalog.findDataset(info.name.text)) id = d->id;
    for (const auto& d : catalog.listDatasets()) names.push_back(d.name);
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
