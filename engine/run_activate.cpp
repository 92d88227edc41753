// SET ACTIVE m@v | ROLLBACK MODEL m TO v: moves what `m` means. No weights are touched or
// removed, so a rollback can itself be rolled back; the audit log records both.
#include "engine/session.hpp"

namespace lethe::engine {

Result runActivate(Session& session, const ast::ActivateInfo& info) {
  const auto bound = session.binder().bindActivate(info);
  const std::string name = bound.model.name;
  const std::string target = name + "@" + std::to_string(bound.version.version);
  if (session.explain != ExplainMode::None)
    return planResult(planner::planSingle(planner::OperatorKind::CatalogWrite, "activate " + target));
  catalog::Catalog::Transaction transaction(session.catalog);
  session.catalog.setActiveVersion(bound.model.id, bound.version.id);
  transaction.commit();
  Result result;
  result.setColumns({"model", "active", "previous"});
  result.addRow({name, target, name + "@" + std::to_string(bound.previous.version)});
  return result;
}

}  // namespace lethe::engine
