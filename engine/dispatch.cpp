// Statement kind -> runner. EXPLAIN re-dispatches its inner statement in explain mode.
#include "common/error.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

namespace {

// Statements that store something (a run, a version, a dataset) or remove it: refused on a
// read-only catalog, and written to the audit log.
bool writesCatalog(const ast::Statement& statement) {
  switch (statement.kind) {
    case ast::StatementKind::CreateRequest:
    case ast::StatementKind::Activate:
    case ast::StatementKind::CreateDataset:
    case ast::StatementKind::CreateModel:
    case ast::StatementKind::Forget:
    case ast::StatementKind::Compare:
    case ast::StatementKind::EvaluateModel:
    case ast::StatementKind::Drop:
    case ast::StatementKind::CorruptDataset:
    case ast::StatementKind::ImportModel:
      return true;
    case ast::StatementKind::Sample:  // a dataset of the samples; INTO 'file.png' writes a file only
      return !statement.as<ast::SampleInfo>().into_file;
    case ast::StatementKind::Explain: {
      const auto& info = statement.as<ast::ExplainInfo>();
      return info.analyze && writesCatalog(*info.inner);
    }
    default:
      return false;
  }
}

Result dispatchStatement(Session& session, const ast::Statement& statement) {
  switch (statement.kind) {
    case ast::StatementKind::CreateDataset: return runCreateDataset(session, statement.as<ast::CreateDatasetInfo>());
    case ast::StatementKind::CreateModel: return runCreateModel(session, statement.as<ast::CreateModelInfo>());
    case ast::StatementKind::Forget: return runForget(session, statement.as<ast::ForgetInfo>());
    case ast::StatementKind::Compare: return runCompare(session, statement.as<ast::CompareInfo>());
    case ast::StatementKind::EvaluateModel: return runEvaluate(session, statement.as<ast::EvaluateModelInfo>());
    case ast::StatementKind::Show: return runShow(session, statement.as<ast::ShowInfo>());
    case ast::StatementKind::Describe: return runDescribe(session, statement.as<ast::DescribeInfo>());
    case ast::StatementKind::Drop: return runDrop(session, statement.as<ast::DropInfo>());
    case ast::StatementKind::Set: return runSet(session, statement.as<ast::SetInfo>());
    case ast::StatementKind::CorruptDataset: return runCorruptDataset(session, statement.as<ast::CorruptDatasetInfo>());
    case ast::StatementKind::ImportModel: return runImportModel(session, statement.as<ast::ImportModelInfo>());
    case ast::StatementKind::ExportModel: return runExportModel(session, statement.as<ast::ExportModelInfo>());
    case ast::StatementKind::CreateRequest: return runCreateRequest(session, statement.as<ast::CreateRequestInfo>());
    case ast::StatementKind::Activate: return runActivate(session, statement.as<ast::ActivateInfo>());
    case ast::StatementKind::ExportCertificate:
      return runExportCertificate(session, statement.as<ast::ExportCertificateInfo>());
    case ast::StatementKind::Verify: return runVerify(session, statement.as<ast::VerifyInfo>());
    case ast::StatementKind::Sample: return runSample(session, statement.as<ast::SampleInfo>());
    case ast::StatementKind::Explain: {
      const auto& info = statement.as<ast::ExplainInfo>();
      if (session.explain != ExplainMode::None) throw Error(ErrorKind::Binder, "EXPLAIN cannot be nested");
      Session inner{session.catalog, session.settings, session.context, *info.inner, session.started_at,
                    info.analyze ? ExplainMode::Analyze : ExplainMode::Explain, session.started_run};
      return runStatement(inner, *info.inner);
    }
  }
  throw Error(ErrorKind::Execution, "unsupported statement");
}

}  // namespace

Result runStatement(Session& session, const ast::Statement& statement) {
  const bool writes = session.explain == ExplainMode::None && writesCatalog(statement);
  // Refused before any work: a FORGET on a read-only catalog must not compute for minutes and
  // then fail at its commit.
  if (writes && session.catalog.readOnly())
    throw Error(ErrorKind::Catalog, "catalog '" + session.catalog.path() +
                                        "' is read-only (opened so, or its file or directory cannot be written): this "
                                        "statement would write to it; SHOW, DESCRIBE, EXPLAIN, EXPORT MODEL and SAMPLE ... INTO 'file.png' work");
  if (!writes) return dispatchStatement(session, statement);
  return runAudited(session, statement, [&] { return dispatchStatement(session, statement); });
}

}  // namespace lethe::engine
