// The audit log: one entry per statement that changed the catalog or tried to, each holding
// the SHA-256 of its own fields and of the entry before it. Editing an entry breaks its own
// hash; deleting one breaks the next entry's link (and leaves a gap in the AUTOINCREMENT ids,
// which never reuses them); deleting the newest ones leaves sqlite_sequence ahead of the log.
#include <cstring>

#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

const std::string kGenesis(64, '0');  // the "previous hash" of the first entry

// Each field length-prefixed, so no two different entries hash the same bytes.
std::string entryHash(const AuditEntry& e) {
  Sha256 hasher;
  auto text = [&](const std::string& value) {
    const uint64_t size = value.size();
    hasher.update(&size, sizeof size);
    hasher.update(value.data(), value.size());
  };
  auto integer = [&](int64_t value) { text(std::to_string(value)); };
  integer(e.id);
  text(e.at);
  text(e.user);
  text(e.statement);
  text(e.kind);
  text(e.result);
  text(e.message);
  integer(e.rows_changed);
  text(e.prev_hash);
  return hasher.finishHex();
}

const char* const kSelectAudit =
    "SELECT id, at, os_user, statement, kind, result, message, rows_changed, prev_hash, hash FROM audit_log ";

AuditEntry readAudit(const Statement& row) {
  AuditEntry e;
  e.id = row.int64(0);
  e.at = row.text(1);
  e.user = row.text(2);
  e.statement = row.text(3);
  e.kind = row.text(4);
  e.result = row.text(5);
  e.message = row.text(6);
  e.rows_changed = row.int64(7);
  e.prev_hash = row.text(8);
  e.hash = row.text(9);
  return e;
}

// The highest id the log ever handed out (AUTOINCREMENT keeps it in sqlite_sequence).
int64_t highestIssuedId(sqlite3* db) {
  Statement query(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
  return query.step() ? query.int64(0) : 0;
}

bool triggerExists(sqlite3* db, const char* name) {
  Statement query(db, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1");
  query.bind(1, std::string(name));
  return query.step();
}

}  // namespace

AuditEntry Catalog::appendAudit(AuditEntry entry) {
  Transaction transaction(*this);
  // Under the write lock: nobody appends between reading the tail and inserting after it.
  Statement last(db_, "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
  entry.prev_hash = last.step() ? last.text(0) : kGenesis;
  entry.id = highestIssuedId(db_) + 1;
  entry.hash = entryHash(entry);
  Statement insert(db_,
                   "INSERT INTO audit_log (id, at, os_user, statement, kind, result, message, rows_changed, prev_hash, "
                   "hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  insert.bind(1, entry.id).bind(2, entry.at).bind(3, entry.user).bind(4, entry.statement).bind(5, entry.kind);
  insert.bind(6, entry.result).bind(7, entry.message).bind(8, entry.rows_changed).bind(9, entry.prev_hash);
  insert.bind(10, entry.hash).run();
  transaction.commit();
  return entry;
}

std::vector<AuditEntry> Catalog::listAudit() const {
  Statement query(db_, std::string(kSelectAudit) + "ORDER BY id");
  std::vector<AuditEntry> entries;
  while (query.step()) entries.push_back(readAudit(query));
  return entries;
}

AuditCheck Catalog::verifyAudit() const {
  AuditCheck check;
  auto broken = [&](int64_t id, const std::string& problem) {
    check.broken_at = id;
    check.problem = problem;
    return check;
  };
  Statement query(db_, std::string(kSelectAudit) + "ORDER BY id");
  std::string previous_hash = kGenesis;
  int64_t previous_id = 0;
  while (query.step()) {
    const AuditEntry e = readAudit(query);
    if (e.id != previous_id + 1)
      return broken(previous_id + 1, "entry " + std::to_string(previous_id + 1) + " is missing (deleted): entry " +
                                         std::to_string(e.id) + " follows " +
                                         (previous_id ? "entry " + std::to_string(previous_id) : "the start of the log"));
    if (e.prev_hash != previous_hash)
      return broken(e.id, "entry " + std::to_string(e.id) + " does not link to the entry before it (its previous hash differs)");
    if (entryHash(e) != e.hash)
      return broken(e.id, "entry " + std::to_string(e.id) + " was altered: its contents do not match its hash");
    previous_hash = e.hash;
    previous_id = e.id;
    ++check.entries;
  }
  if (const int64_t issued = highestIssuedId(db_); issued > previous_id)
    return broken(previous_id + 1, "entries " + std::to_string(previous_id + 1) + ".." + std::to_string(issued) +
                                       " are missing (deleted from the end of the log)");
  if (!triggerExists(db_, "audit_log_no_update") || !triggerExists(db_, "audit_log_no_delete"))
    return broken(previous_id, "the chain holds, but the triggers that keep the log append-only were removed");
  return check;
}

}  // namespace lethe::catalog
