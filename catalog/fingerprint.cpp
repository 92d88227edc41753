// A content hash of the whole catalog. Tests compare fingerprints taken before and after
// a failing statement to prove that it changed nothing.
#include <cstring>
#include <vector>

#include <sqlite3.h>

#include "catalog/catalog.hpp"
#include "common/sha256.hpp"
#include "catalog/statement.hpp"

namespace lethe::catalog {

namespace {

// Every value is written as a type tag followed by a fixed-size field or a length-prefixed
// payload, so no two different rows can serialise to the same bytes.
class Serialiser {
 public:
  explicit Serialiser(Sha256& hasher) : hasher_(hasher) {}

  void tag(char t) { hasher_.update(&t, 1); }
  void integer(int64_t value) {
    uint8_t bytes[8];
    for (int b = 0; b < 8; ++b) bytes[b] = static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * b));
    hasher_.update(bytes, sizeof bytes);
  }
  void bytes(const void* data, size_t size) {
    integer(static_cast<int64_t>(size));
    hasher_.update(data, size);
  }
  void text(const std::string& value) { bytes(value.data(), value.size()); }

 private:
  Sha256& hasher_;
};

std::vector<std::string> tableNames(sqlite3* db) {
  // sqlite_sequence is included: it holds the next AUTOINCREMENT ids, which are state too.
  Statement query(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  std::vector<std::string> names;
  while (query.step()) names.push_back(query.text(0));
  return names;
}

// The run log's records of statements that produced nothing (running, failed, cancelled) are
// history, not contents: a failed statement leaves the catalog's fingerprint as it was.
std::string rowFilter(const std::string& table) {
  if (table == "runs") return " WHERE status = 'ok'";
  // The audit log records attempts too: a refused statement appends its entry and nothing else.
  if (table == "audit_log") return " WHERE 0";
  if (table == "sqlite_sequence") return " WHERE name NOT IN ('runs', 'audit_log')";
  return "";
}

void hashTable(sqlite3* db, const std::string& table, Serialiser& out) {
  out.tag('T');
  out.text(table);
  // The table name comes from sqlite_master, not from a user; quoting keeps it an identifier.
  Statement rows(db, "SELECT * FROM \"" + table + "\"" + rowFilter(table) + " ORDER BY rowid");
  while (rows.step()) {
    out.tag('R');
    out.integer(rows.columnCount());
    for (int c = 0; c < rows.columnCount(); ++c) {
      switch (rows.columnType(c)) {
        case SQLITE_INTEGER: out.tag('i'); out.integer(rows.int64(c)); break;
        case SQLITE_FLOAT: {
          double value = rows.real(c);
          int64_t bits = 0;
          std::memcpy(&bits, &value, sizeof bits);
          out.tag('f');
          out.integer(bits);
          break;
        }
        case SQLITE_TEXT: out.tag('s'); out.text(rows.text(c)); break;
        case SQLITE_BLOB: {
          Bytes value = rows.blob(c);
          out.tag('b');
          out.bytes(value.data(), value.size());
          break;
        }
        default: out.tag('n'); break;
      }
    }
  }
}

}  // namespace

std::string Catalog::fingerprint() const {
  Sha256 hasher;
  Serialiser out(hasher);
  out.tag('V');
  out.integer(schemaVersion());
  for (const std::string& table : tableNames(db_)) hashTable(db_, table, out);
  return hasher.finishHex();
}

}  // namespace lethe::catalog
