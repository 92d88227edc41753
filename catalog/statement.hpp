#pragma once
// A thin RAII layer over sqlite3 prepared statements. Every value that reaches SQL goes
// through bind(), never through string concatenation: names come from users.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/entries.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace lethe::catalog {

// Throws Error(Catalog) with the SQLite message when `rc` is not a success code.
void checkSqlite(sqlite3* db, int rc, const std::string& what);

// Runs SQL text without parameters (pragmas, DDL, transaction control).
void execSql(sqlite3* db, const std::string& sql);

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite. Each returns *this so binds can be chained.
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, const Bytes& value);
  Statement& bind(int index, const void* data, size_t size);
  Statement& bind(int index, const std::optional<int64_t>& value);
  Statement& bindNull(int index);

  // Advances to the next row; false when the statement is done.
  bool step();
  // Runs a statement that returns no rows.
  void run();
  void reset();

  bool isNull(int column) const;
  int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  Bytes blob(int column) const;
  std::optional<int64_t> optionalInt64(int column) const;
  int columnCount() const;
  int columnType(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A SAVEPOINT that is rolled back unless released, so a multi-statement catalog call is
// atomic whether or not the caller holds a Transaction.
class Savepoint {
 public:
  explicit Savepoint(sqlite3* db);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  void release();

 private:
  sqlite3* db_;
  bool done_ = false;
};

int64_t lastInsertId(sqlite3* db);
int changes(sqlite3* db);

}  // namespace lethe::catalog
