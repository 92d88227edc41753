// Opening, validating and migrating the catalog file, and transactions.
#include "catalog/catalog.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "catalog/migrations.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

// How long a statement waits for another connection's write lock (SET busy_timeout): long
// enough that a FORGET finishing its computation waits out another's commit instead of
// throwing its result away.
constexpr int kDefaultBusyTimeoutMs = 60000;

bool isMemory(const std::string& path) { return path == ":memory:" || path.empty(); }

void requireDirectory(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (parent.empty() || std::filesystem::is_directory(parent, error)) return;
  throw Error(ErrorKind::Catalog,
              "cannot open catalog '" + path + "': directory '" + parent.string() + "' does not exist");
}

// sqlite3_open succeeds on any file; the header is only read by the first query.
void probeDatabase(sqlite3* db, const std::string& path) {
  int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  if (rc == SQLITE_NOTADB) {
    throw Error(ErrorKind::Catalog, "'" + path + "' is not a Lethe catalog (file is not an SQLite database)");
  }
  if (rc == SQLITE_CORRUPT) throw Error(ErrorKind::Catalog, "catalog '" + path + "' is corrupt");
  if (rc != SQLITE_OK) {
    throw Error(ErrorKind::Catalog, "cannot read catalog '" + path + "': " + sqlite3_errmsg(db));
  }
}

int readUserVersion(sqlite3* db) {
  Statement query(db, "PRAGMA user_version");
  return query.step() ? static_cast<int>(query.int64(0)) : 0;
}

void enableWal(sqlite3* db, const std::string& path) {
  Statement pragma(db, "PRAGMA journal_mode = WAL");
  std::string mode = pragma.step() ? pragma.text(0) : "";
  if (mode != "wal") {
    throw Error(ErrorKind::Catalog, "catalog '" + path + "' cannot use WAL journal mode (got '" + mode + "')");
  }
}

// An SQLite file with tables but no schema version belongs to some other program.
void rejectForeignDatabase(sqlite3* db, const std::string& path) {
  Statement query(db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
  if (query.step() && query.int64(0) > 0) {
    throw Error(ErrorKind::Catalog, "'" + path + "' is not a Lethe catalog (an SQLite database with other tables)");
  }
}

// A catalog that exists but cannot be written — the file, or the directory that holds its WAL
// and shared-memory files — is opened for reading.
bool onlyReadable(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return false;
  const std::filesystem::path parent = std::filesystem::absolute(path, error).parent_path();
  return ::access(path.c_str(), W_OK) != 0 || ::access(parent.c_str(), W_OK) != 0;
}

}  // namespace

Catalog::Catalog(const std::string& path, bool read_only) : path_(path.empty() ? ":memory:" : path) {
  if (!isMemory(path_)) requireDirectory(path_);
  read_only_ = !isMemory(path_) && (read_only || onlyReadable(path_));
  std::error_code missing;
  if (read_only_ && !std::filesystem::exists(path_, missing))
    throw Error(ErrorKind::Catalog, "cannot open catalog '" + path_ + "' for reading: it does not exist");
  int rc = sqlite3_open_v2(path_.c_str(), &db_, read_only_ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           nullptr);
  try {
    if (rc != SQLITE_OK) {
      throw Error(ErrorKind::Catalog, "cannot open catalog '" + path_ + "': " +
                                          (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)));
    }
    setBusyTimeout(kDefaultBusyTimeoutMs);
    sqlite3_extended_result_codes(db_, 0);
    probeDatabase(db_, path_);
    execSql(db_, "PRAGMA foreign_keys = ON");
    int version = readUserVersion(db_);
    if (version > kSchemaVersion) {
      throw Error(ErrorKind::Catalog, "catalog '" + path_ + "' has schema version " + std::to_string(version) +
                                          ", newer than this Lethe (" + std::to_string(kSchemaVersion) +
                                          "); upgrade Lethe");
    }
    if (version == 0) rejectForeignDatabase(db_, path_);
    if (read_only_) {
      if (version < kSchemaVersion)
        throw Error(ErrorKind::Catalog, "catalog '" + path_ + "' is read-only and has schema version " +
                                            std::to_string(version) + ", older than this Lethe's (" +
                                            std::to_string(kSchemaVersion) + "): open it once where it can be written to upgrade it");
    } else {
      if (!isMemory(path_)) enableWal(db_, path_);
      migrate();
      reapAbandonedRuns();
    }
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Catalog::~Catalog() { sqlite3_close_v2(db_); }

int Catalog::schemaVersion() const { return readUserVersion(db_); }

void Catalog::migrate() {
  for (const Migration& step : migrations()) {
    if (step.from_version < readUserVersion(db_)) continue;
    // Each step is its own transaction, so a failed step leaves the previous version intact.
    Transaction transaction(*this);
    if (step.from_version != readUserVersion(db_)) continue;  // another process migrated meanwhile
    try {
      execSql(db_, step.sql);
      execSql(db_, "PRAGMA user_version = " + std::to_string(step.from_version + 1));
    } catch (const Error& e) {
      throw Error(ErrorKind::Catalog, "catalog '" + path_ + "' migration to schema version " +
                                          std::to_string(step.from_version + 1) + " failed: " + e.what());
    }
    transaction.commit();
  }
}

Catalog::Transaction::Transaction(Catalog& catalog) : catalog_(catalog) {
  execSql(catalog_.db_, "BEGIN IMMEDIATE");
}

Catalog::Transaction::~Transaction() {
  if (!done_) sqlite3_exec(catalog_.db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

void Catalog::Transaction::commit() {
  execSql(catalog_.db_, "COMMIT");
  done_ = true;
}

}  // namespace lethe::catalog
