// CREATE REQUEST 'r' WITH (...): records a deletion request as pending. Nothing is forgotten
// yet; the result says how many models hold the rows now (FORGET FOR REQUEST runs on those).
#include "engine/governance.hpp"

namespace lethe::engine {

Result runCreateRequest(Session& session, const ast::CreateRequestInfo& info) {
  const auto bound = session.binder().bindCreateRequest(info);
  if (session.explain != ExplainMode::None)
    return planResult(planner::planSingle(planner::OperatorKind::CatalogWrite, "create request '" + bound.entry.name + "'"));
  auto dataset = session.catalog.datasetById(bound.entry.dataset_id);
  const auto holders = planner::findLineage(session.catalog, *dataset, bound.entry.ids, true);
  catalog::Catalog::Transaction transaction(session.catalog);
  session.catalog.insertRequest(bound.entry);
  transaction.commit();
  Result result;
  result.setColumns({"request", "dataset", "rows", "status", "models_holding_rows"});
  result.addRow({bound.entry.name, bound.entry.dataset_name, bound.entry.size, bound.entry.status,
                 static_cast<int64_t>(holders.size())});
  return result;
}

}  // namespace lethe::engine
