// The audit log's engine end: every statement that changes the catalog is run through
// runAudited, which appends one entry when it ends — "ok" with the rows it changed, or the
// error kind and message when it failed or was interrupted. The entry is its own short
// transaction after the statement's: a failed statement's rollback cannot take its entry with it.
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <new>

#include "engine/governance.hpp"

namespace lethe::engine {

// The operating-system account, not a Lethe notion of users: what an auditor can match
// against the host's own logs.
std::string osUser() {
  struct passwd entry {};
  struct passwd* found = nullptr;
  char buffer[1024];
  if (getpwuid_r(geteuid(), &entry, buffer, sizeof buffer, &found) == 0 && found) return found->pw_name;
  if (const char* user = std::getenv("USER"); user && *user) return user;
  return "uid " + std::to_string(geteuid());
}

namespace {

std::string kindName(const ast::Statement& statement) {
  using K = ast::StatementKind;
  switch (statement.kind) {
    case K::CreateDataset: return "CREATE DATASET";
    case K::CreateModel: return "CREATE MODEL";
    case K::Forget: return statement.as<ast::ForgetInfo>().request ? "FORGET FOR REQUEST" : "FORGET";
    case K::Compare: return "COMPARE";
    case K::EvaluateModel: return "EVALUATE";
    case K::Show: return "SHOW";
    case K::Describe: return "DESCRIBE";
    case K::Drop: return "DROP";
    case K::Set: return "SET";
    case K::Explain: return "EXPLAIN ANALYZE " + kindName(*statement.as<ast::ExplainInfo>().inner);
    case K::CorruptDataset: return "CORRUPT DATASET";
    case K::ImportModel: return "IMPORT MODEL";
    case K::ExportModel: return "EXPORT MODEL";
    case K::CreateRequest: return "CREATE REQUEST";
    case K::Activate: return statement.as<ast::ActivateInfo>().rollback ? "ROLLBACK" : "SET ACTIVE";
    case K::ExportCertificate: return "EXPORT CERTIFICATE";
    case K::Verify: return "VERIFY";
    case K::Sample: return "SAMPLE";
  }
  return "?";
}

catalog::AuditEntry entryFor(const Session& session, const ast::Statement& statement, int64_t changes_before) {
  catalog::AuditEntry entry;
  entry.at = session.started_at;
  entry.user = osUser();
  entry.statement = statement.text;
  entry.kind = kindName(statement);
  entry.rows_changed = sqlite3_total_changes(session.catalog.handle()) - changes_before;
  return entry;
}

// A failure's entry: best effort. The statement's own error is what the caller must see; an
// entry that cannot be written (the catalog stayed busy) must not replace it.
void appendFailure(Session& session, const ast::Statement& statement, int64_t changes_before, const std::string& kind,
                   const std::string& message) noexcept {
  try {
    catalog::AuditEntry entry = entryFor(session, statement, changes_before);
    entry.result = kind;
    entry.message = message;
    session.catalog.appendAudit(entry);
  } catch (...) {
  }
}

}  // namespace

Result runAudited(Session& session, const ast::Statement& statement, const std::function<Result()>& run) {
  const int64_t before = sqlite3_total_changes(session.catalog.handle());
  Result result;
  try {
    result = run();
  } catch (const Error& e) {
    appendFailure(session, statement, before, errorKindName(e.kind()), e.what());
    throw;
  } catch (const std::bad_alloc&) {
    appendFailure(session, statement, before, errorKindName(ErrorKind::Execution), "out of memory");
    throw;
  } catch (const std::exception& e) {
    appendFailure(session, statement, before, errorKindName(ErrorKind::Execution), e.what());
    throw;
  }
  catalog::AuditEntry entry = entryFor(session, statement, before);
  entry.result = "ok";
  try {
    session.catalog.appendAudit(entry);
  } catch (const Error& e) {
    // The statement is stored; saying it failed would be false, saying nothing would hide the gap.
    throw Error(ErrorKind::Catalog, std::string("the statement's changes are stored, but its audit log entry could not be "
                                                "written: ") + e.what());
  }
  return result;
}

}  // namespace lethe::engine
