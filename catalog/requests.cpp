// Deletion requests and the models their FORGET ran on. A request's ids are stored like a
// forget set's (sorted int64 blob + SHA-256) and checked against the hash when read.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/codec.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

const char* const kSelectRequest =
    "SELECT id, name, subject, regulation, due, dataset_id, dataset_name, ids, size, ids_sha256, status, note, "
    "created_at, updated_at FROM requests ";

RequestEntry readRequest(const Statement& row) {
  RequestEntry e;
  e.id = row.int64(0);
  e.name = row.text(1);
  e.subject = row.text(2);
  e.regulation = row.text(3);
  e.due = row.text(4);
  e.dataset_id = row.int64(5);
  e.dataset_name = row.text(6);
  const Bytes ids = row.blob(7);
  e.size = row.int64(8);
  e.ids_sha256 = row.text(9);
  e.status = row.text(10);
  e.note = row.text(11);
  e.created_at = row.text(12);
  e.updated_at = row.text(13);
  // The ids decide whose rows are forgotten: a flipped one would erase someone else's.
  if (sha256Hex(ids.data(), ids.size()) != e.ids_sha256)
    throw Error(ErrorKind::Catalog, "request '" + e.name + "' is corrupt: its ids do not match their stored SHA-256");
  e.ids = idsFromBlob(ids);
  return e;
}

const char* const kSelectRequestModel =
    "SELECT request_id, model_id, model_name, source_version_id, run_id, status, error, updated_at FROM request_models ";

}  // namespace

int64_t Catalog::insertRequest(const RequestEntry& entry) {
  if (findRequest(entry.name)) throw Error(ErrorKind::Catalog, "request '" + entry.name + "' already exists");
  std::vector<int64_t> sorted = entry.ids;
  std::sort(sorted.begin(), sorted.end());
  const Bytes ids = idsToBlob(sorted);
  Statement insert(db_,
                   "INSERT INTO requests (name, subject, regulation, due, dataset_id, dataset_name, ids, size, ids_sha256, "
                   "status, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  insert.bind(1, entry.name).bind(2, entry.subject).bind(3, entry.regulation).bind(4, entry.due);
  insert.bind(5, entry.dataset_id).bind(6, entry.dataset_name).bind(7, ids).bind(8, static_cast<int64_t>(sorted.size()));
  insert.bind(9, sha256Hex(ids.data(), ids.size())).bind(10, entry.status).bind(11, entry.note).run();
  return lastInsertId(db_);
}

std::optional<RequestEntry> Catalog::findRequest(const std::string& name) const {
  Statement query(db_, std::string(kSelectRequest) + "WHERE name = ?1");
  query.bind(1, name);
  if (!query.step()) return std::nullopt;
  return readRequest(query);
}

std::vector<RequestEntry> Catalog::listRequests() const {
  Statement query(db_, std::string(kSelectRequest) + "ORDER BY id");
  std::vector<RequestEntry> entries;
  while (query.step()) entries.push_back(readRequest(query));
  return entries;
}

void Catalog::setRequestStatus(int64_t request_id, const std::string& status, const std::string& note) {
  Statement update(db_,
                   "UPDATE requests SET status = ?2, note = ?3, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                   "WHERE id = ?1");
  update.bind(1, request_id).bind(2, status).bind(3, note).run();
  if (changes(db_) == 0) throw Error(ErrorKind::Catalog, "request " + std::to_string(request_id) + " does not exist");
}

void Catalog::putRequestModel(const RequestModelEntry& entry) {
  Statement upsert(db_,
                   "INSERT OR REPLACE INTO request_models (request_id, model_id, model_name, source_version_id, run_id, "
                   "status, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  upsert.bind(1, entry.request_id).bind(2, entry.model_id).bind(3, entry.model_name).bind(4, entry.source_version_id);
  upsert.bind(5, entry.run_id).bind(6, entry.status).bind(7, entry.error).run();
}

std::vector<RequestModelEntry> Catalog::requestModels(int64_t request_id) const {
  Statement query(db_, std::string(kSelectRequestModel) + "WHERE request_id = ?1 ORDER BY rowid");
  query.bind(1, request_id);
  std::vector<RequestModelEntry> entries;
  while (query.step()) {
    RequestModelEntry e;
    e.request_id = query.int64(0);
    e.model_id = query.int64(1);
    e.model_name = query.text(2);
    e.source_version_id = query.optionalInt64(3);
    e.run_id = query.optionalInt64(4);
    e.status = query.text(5);
    e.error = query.text(6);
    e.updated_at = query.text(7);
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace lethe::catalog
