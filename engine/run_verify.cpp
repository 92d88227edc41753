// VERIFY AUDIT | VERIFY CERTIFICATE 'c.json'. Both read only; a check that fails is an error
// naming what failed, so a script (or the shell's -bail) stops there.
#include "common/error.hpp"
#include "engine/certificate.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

namespace {

Result verifyAudit(const catalog::Catalog& catalog) {
  const catalog::AuditCheck check = catalog.verifyAudit();
  if (check.broken_at)
    throw Error(ErrorKind::Execution, "audit log broken at entry " + std::to_string(*check.broken_at) + ": " + check.problem);
  Result result;
  result.setColumns({"entries", "result"});
  result.addRow({check.entries, "ok: every entry is intact and linked to the one before it"});
  return result;
}

}  // namespace

Result runVerify(Session& session, const ast::VerifyInfo& info) {
  if (session.explain != ExplainMode::None)
    return planResult(planner::planSingle(planner::OperatorKind::CatalogRead, "verify"));
  if (info.what == ast::VerifyInfo::What::Audit) return verifyAudit(session.catalog);
  return verifyCertificate(session, info.path);
}

}  // namespace lethe::engine
