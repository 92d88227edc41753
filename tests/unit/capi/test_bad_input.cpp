// Bad input to the C API: NULL pointers, finalized statements, closed connections, bad open
// flags, files that are not Lethe catalogs, a newer schema, a read-only catalog asked to
// write, a catalog locked by another process. Each is a code and a message, never a crash.
#include <sqlite3.h>

#include <fstream>
#include <string>

#include "capi_fixtures.hpp"

using namespace capi_test;

namespace {

bool contains(const char* text, const std::string& part) { return text && std::string(text).find(part) != std::string::npos; }

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

void sqliteExec(const std::string& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_close(raw);
}

}  // namespace

TEST(CapiBadInput, NullPointersAreMisuse) {
  lethe_db* db = reinterpret_cast<lethe_db*>(1);
  EXPECT_EQ(lethe_open(nullptr, &db), LETHE_MISUSE);
  EXPECT_EQ(db, nullptr);
  EXPECT_EQ(lethe_open(":memory:", nullptr), LETHE_MISUSE);
  EXPECT_EQ(lethe_open_v2(nullptr, &db, LETHE_OPEN_READONLY), LETHE_MISUSE);
  EXPECT_EQ(lethe_close(nullptr), LETHE_OK);  // as sqlite3_close(NULL)

  char* error = reinterpret_cast<char*>(1);
  EXPECT_EQ(lethe_exec(nullptr, "SHOW ARCHS;", nullptr, nullptr, &error), LETHE_MISUSE);
  EXPECT_EQ(error, nullptr);
  lethe_stmt* stmt = reinterpret_cast<lethe_stmt*>(1);
  EXPECT_EQ(lethe_prepare(nullptr, "SHOW ARCHS;", -1, &stmt, nullptr), LETHE_MISUSE);
  EXPECT_EQ(stmt, nullptr);
  EXPECT_EQ(lethe_step(nullptr), LETHE_MISUSE);
  EXPECT_EQ(lethe_reset(nullptr), LETHE_MISUSE);
  EXPECT_EQ(lethe_finalize(nullptr), LETHE_OK);  // as sqlite3_finalize(NULL)
  EXPECT_EQ(lethe_column_count(nullptr), 0);
  EXPECT_EQ(lethe_column_name(nullptr, 0), nullptr);
  EXPECT_EQ(lethe_column_type(nullptr, 0), LETHE_NULL);
  EXPECT_EQ(lethe_column_text(nullptr, 0), nullptr);
  EXPECT_EQ(lethe_column_double(nullptr, 0), 0.0);
  EXPECT_EQ(lethe_column_int64(nullptr, 0), 0);
  EXPECT_EQ(lethe_errcode(nullptr), LETHE_MISUSE);
  EXPECT_TRUE(contains(lethe_errmsg(nullptr), "misuse"));
  EXPECT_EQ(lethe_progress_handler(nullptr, nullptr, nullptr), LETHE_MISUSE);
  lethe_interrupt(nullptr);  // nothing to interrupt, no crash

  ASSERT_EQ(lethe_open(":memory:", &db), LETHE_OK);
  EXPECT_EQ(lethe_exec(db, nullptr, nullptr, nullptr, &error), LETHE_MISUSE);
  ASSERT_NE(error, nullptr);
  EXPECT_TRUE(contains(error, "sql is NULL")) << error;
  lethe_free(error);
  EXPECT_EQ(lethe_prepare(db, nullptr, -1, &stmt, nullptr), LETHE_MISUSE);
  EXPECT_EQ(lethe_errcode(db), LETHE_MISUSE);
  EXPECT_EQ(lethe_prepare(db, "SHOW ARCHS;", -1, nullptr, nullptr), LETHE_MISUSE);
  EXPECT_TRUE(contains(lethe_errmsg(db), "out-pointer is NULL")) << lethe_errmsg(db);
  lethe_free(nullptr);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
}

TEST(CapiBadInput, BadOpenFlagsAreMisuse) {
  TempDir dir;
  for (int flags : {0, LETHE_OPEN_CREATE, LETHE_OPEN_READONLY | LETHE_OPEN_READWRITE,
                    LETHE_OPEN_READONLY | LETHE_OPEN_CREATE, LETHE_OPEN_READWRITE | 0x100}) {
    lethe_db* db = reinterpret_cast<lethe_db*>(1);
    EXPECT_EQ(lethe_open_v2((dir / "c.db").c_str(), &db, flags), LETHE_MISUSE) << flags;
    EXPECT_EQ(db, nullptr);
  }
  EXPECT_FALSE(fs::exists(dir / "c.db"));
}

TEST(CapiBadInput, FinalizedStatementIsMisuse) {
  lethe_db* db = nullptr;
  ASSERT_EQ(lethe_open(":memory:", &db), LETHE_OK);
  lethe_stmt* stmt = nullptr;
  ASSERT_EQ(lethe_prepare(db, "SHOW ARCHS;", -1, &stmt, nullptr), LETHE_OK);
  ASSERT_EQ(lethe_step(stmt), LETHE_ROW);
  ASSERT_EQ(lethe_finalize(stmt), LETHE_OK);
  // The handle is gone from the registry of live handles: every use is detected.
  EXPECT_EQ(lethe_step(stmt), LETHE_MISUSE);
  EXPECT_EQ(lethe_reset(stmt), LETHE_MISUSE);
  EXPECT_EQ(lethe_finalize(stmt), LETHE_MISUSE);
  EXPECT_EQ(lethe_column_count(stmt), 0);
  EXPECT_EQ(lethe_column_text(stmt, 0), nullptr);
  EXPECT_EQ(lethe_column_type(stmt, 0), LETHE_NULL);

  // lethe_close finalizes what is still open; those handles are stale too, as is the db.
  lethe_stmt* open = nullptr;
  ASSERT_EQ(lethe_prepare(db, "SHOW METHODS;", -1, &open, nullptr), LETHE_OK);
  ASSERT_EQ(lethe_close(db), LETHE_OK);
  EXPECT_EQ(lethe_step(open), LETHE_MISUSE);
  EXPECT_EQ(lethe_finalize(open), LETHE_MISUSE);
  EXPECT_EQ(lethe_close(db), LETHE_MISUSE);
  EXPECT_EQ(lethe_errcode(db), LETHE_MISUSE);
  EXPECT_EQ(lethe_exec(db, "SHOW ARCHS;", nullptr, nullptr, nullptr), LETHE_MISUSE);
  EXPECT_EQ(lethe_prepare(db, "SHOW ARCHS;", -1, &stmt, nullptr), LETHE_MISUSE);
}

TEST(CapiBadInput, MissingFileWithoutCreateCannotOpen) {
  TempDir dir;
  const std::string path = dir / "missing.db";
  lethe_db* db = nullptr;
  EXPECT_EQ(lethe_open_v2(path.c_str(), &db, LETHE_OPEN_READWRITE), LETHE_CANTOPEN);
  ASSERT_NE(db, nullptr);  // as sqlite3_open_v2: a handle that says why
  EXPECT_EQ(lethe_errcode(db), LETHE_CANTOPEN);
  EXPECT_TRUE(contains(lethe_errmsg(db), "does not exist")) << lethe_errmsg(db);
  // Statements on it fail with the same reason.
  EXPECT_EQ(lethe_exec(db, "SHOW ARCHS;", nullptr, nullptr, nullptr), LETHE_CANTOPEN);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
  EXPECT_EQ(lethe_open_v2(path.c_str(), &db, LETHE_OPEN_READONLY), LETHE_CANTOPEN);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
  EXPECT_FALSE(fs::exists(path));  // nothing was created
  // A missing directory, even with CREATE.
  EXPECT_EQ(lethe_open((dir / "no/such/dir/c.db").c_str(), &db), LETHE_CANTOPEN);
  EXPECT_TRUE(contains(lethe_errmsg(db), "does not exist")) << lethe_errmsg(db);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
  // With CREATE it is made.
  EXPECT_EQ(lethe_open_v2(path.c_str(), &db, LETHE_OPEN_READWRITE | LETHE_OPEN_CREATE), LETHE_OK);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
  EXPECT_TRUE(fs::exists(path));
}

TEST(CapiBadInput, TextFileIsNotACatalog) {
  TempDir dir;
  const std::string path = dir / "notes.db";
  writeFile(path, "these are my notes, not a database\n");
  lethe_db* db = nullptr;
  EXPECT_EQ(lethe_open(path.c_str(), &db), LETHE_CORRUPT);
  EXPECT_TRUE(contains(lethe_errmsg(db), "is not a Lethe catalog")) << lethe_errmsg(db);
  lethe_stmt* stmt = nullptr;
  EXPECT_EQ(lethe_prepare(db, "SHOW MODELS;", -1, &stmt, nullptr), LETHE_CORRUPT);
  EXPECT_EQ(stmt, nullptr);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
  EXPECT_EQ(lethe_open_v2(path.c_str(), &db, LETHE_OPEN_READONLY), LETHE_CORRUPT);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
}

TEST(CapiBadInput, SqliteDatabaseWithOtherTablesIsNotACatalog) {
  TempDir dir;
  const std::string path = dir / "app.db";
  sqliteExec(path, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);");
  lethe_db* db = nullptr;
  EXPECT_EQ(lethe_open(path.c_str(), &db), LETHE_CORRUPT);
  EXPECT_TRUE(contains(lethe_errmsg(db), "an SQLite database with other tables")) << lethe_errmsg(db);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
}

TEST(CapiBadInput, NewerSchemaCannotOpen) {
  TempDir dir;
  const std::string path = dir / "future.db";
  lethe_db* db = nullptr;
  ASSERT_EQ(lethe_open(path.c_str(), &db), LETHE_OK);
  ASSERT_EQ(lethe_close(db), LETHE_OK);
  sqliteExec(path, "PRAGMA user_version = 999;");
  EXPECT_EQ(lethe_open(path.c_str(), &db), LETHE_CANTOPEN);
  EXPECT_TRUE(contains(lethe_errmsg(db), "newer than this Lethe")) << lethe_errmsg(db);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
}

TEST(CapiBadInput, ReadOnlyCatalogAskedToWrite) {
  TempDir dir;
  const std::string path = dir / "c.db";
  lethe_db* db = nullptr;
  ASSERT_EQ(lethe_open(path.c_str(), &db), LETHE_OK);
  ASSERT_TRUE(execOk(db, "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"));
  ASSERT_EQ(lethe_close(db), LETHE_OK);

  ASSERT_EQ(lethe_open_v2(path.c_str(), &db, LETHE_OPEN_READONLY), LETHE_OK) << lethe_errmsg(db);
  EXPECT_EQ(rowsOf(db, "SHOW DATASETS;").size(), 1u);  // reads work
  for (const char* sql : {"DROP DATASET fm;", "CREATE DATASET s AS SUBSET OF fm WITH (train = 10, test = 10);"}) {
    EXPECT_EQ(lethe_exec(db, sql, nullptr, nullptr, nullptr), LETHE_READONLY) << sql;
    EXPECT_TRUE(contains(lethe_errmsg(db), "read-only")) << lethe_errmsg(db);
  }
  EXPECT_EQ(rowsOf(db, "SHOW DATASETS;").size(), 1u);
  EXPECT_EQ(lethe_close(db), LETHE_OK);
}

// Another process holds the catalog's write lock (here: a raw SQLite connection inside
// BEGIN IMMEDIATE) for longer than the busy timeout: the write fails with LETHE_BUSY, and
// works once the lock is gone.
TEST(CapiBadInput, LockedCatalogIsBusy) {
  TempDir dir;
  const std::string path = dir / "c.db";
  lethe_db* db = nullptr;
  ASSERT_EQ(lethe_open(path.c_str(), &db), LETHE_OK);
  ASSERT_TRUE(execOk(db, "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"));

  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  // A shorter wait where the setting exists (a binder error where it does not: the default
  // timeout then applies).
  lethe_exec(db, "SET busy_timeout = 200;", nullptr, nullptr, nullptr);
  EXPECT_EQ(lethe_exec(db, "DROP DATASET fm;", nullptr, nullptr, nullptr), LETHE_BUSY) << lethe_errmsg(db);
  EXPECT_TRUE(contains(lethe_errmsg(db), "busy") || contains(lethe_errmsg(db), "locked")) << lethe_errmsg(db);
  EXPECT_EQ(rowsOf(db, "SHOW DATASETS;").size(), 1u);  // readers are not blocked (WAL)
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);

  EXPECT_TRUE(execOk(db, "DROP DATASET fm;"));
  EXPECT_EQ(lethe_close(db), LETHE_OK);
}
