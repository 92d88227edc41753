#include "catalog/statement.hpp"

#include <sqlite3.h>

#include "common/error.hpp"

namespace lethe::catalog {

namespace {

// SQLite's "database is locked" after the busy timeout: another connection held the write
// lock all that time. Said so, with the remedy; the embedding APIs map "catalog busy" to their
// busy code.
[[noreturn]] void throwBusy() {
  throw Error(ErrorKind::Catalog, "catalog busy: another connection held its write lock longer than the busy timeout; "
                                  "nothing was stored (SET busy_timeout = <milliseconds> to wait longer)");
}

}  // namespace

void checkSqlite(sqlite3* db, int rc, const std::string& what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  if (rc == SQLITE_BUSY) throwBusy();
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw Error(ErrorKind::Catalog, "catalog " + what + " failed: " + detail);
}

void execSql(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string detail = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (rc == SQLITE_BUSY) throwBusy();
    throw Error(ErrorKind::Catalog, "catalog statement failed: " + detail);
  }
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
  checkSqlite(db_, sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr), "prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, int64_t value) {
  checkSqlite(db_, sqlite3_bind_int64(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, double value) {
  checkSqlite(db_, sqlite3_bind_double(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  checkSqlite(db_, sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
              "bind");
  return *this;
}

Statement& Statement::bind(int index, const Bytes& value) { return bind(index, value.data(), value.size()); }

Statement& Statement::bind(int index, const void* data, size_t size) {
  // A zero-length blob must still be a blob, not NULL: sqlite3_bind_blob64 with a null
  // pointer binds NULL, so use zeroblob for the empty case.
  int rc = size == 0 ? sqlite3_bind_zeroblob(stmt_, index, 0)
                     : sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT);
  checkSqlite(db_, rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bindNull(index);
}

Statement& Statement::bindNull(int index) {
  checkSqlite(db_, sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  checkSqlite(db_, rc, "query");
  return false;
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }
int Statement::columnCount() const { return sqlite3_column_count(stmt_); }
int Statement::columnType(int column) const { return sqlite3_column_type(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return data ? std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

Bytes Statement::blob(int column) const {
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, column));
  size_t size = static_cast<size_t>(sqlite3_column_bytes(stmt_, column));
  return data ? Bytes(data, data + size) : Bytes();
}

std::optional<int64_t> Statement::optionalInt64(int column) const {
  if (isNull(column)) return std::nullopt;
  return int64(column);
}

Savepoint::Savepoint(sqlite3* db) : db_(db) { execSql(db_, "SAVEPOINT lethe_call"); }

Savepoint::~Savepoint() {
  if (done_) return;
  // Best effort: a destructor must not throw, and ROLLBACK TO cannot fail here in practice.
  sqlite3_exec(db_, "ROLLBACK TO lethe_call; RELEASE lethe_call", nullptr, nullptr, nullptr);
}

void Savepoint::release() {
  execSql(db_, "RELEASE lethe_call");
  done_ = true;
}

int64_t lastInsertId(sqlite3* db) { return sqlite3_last_insert_rowid(db); }
int changes(sqlite3* db) { return sqlite3_changes(db); }

}  // namespace lethe::catalog
