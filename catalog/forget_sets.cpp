// Forget sets: the member ids are stored sorted, as a little-endian int64 blob, with the
// SHA-256 of that blob so an identical set is found by an index lookup, not a scan.
#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/codec.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

const char* const kSelectForgetSet =
    "SELECT id, dataset_id, kind, description, classes, size, ids_sha256, created_at, ids FROM forget_sets ";
const char* const kListForgetSets =
    "SELECT id, dataset_id, kind, description, classes, size, ids_sha256, created_at FROM forget_sets ";

ForgetSetEntry readForgetSet(const Statement& row, bool with_ids) {
  ForgetSetEntry entry;
  entry.id = row.int64(0);
  entry.dataset_id = row.int64(1);
  const std::string kind = row.text(2);
  const auto scenario = parseScenario(kind);
  if (!scenario)
    throw Error(ErrorKind::Catalog, "forget set " + std::to_string(entry.id) + " is corrupt: unknown kind '" + kind + "'");
  entry.kind = *scenario;
  entry.description = row.text(3);
  entry.classes = intsFromJson(row.text(4), "forget_sets.classes");
  entry.size = row.int64(5);
  entry.ids_sha256 = row.text(6);
  entry.created_at = row.text(7);
  if (with_ids) {
    // The ids decide which rows a FORGET removes: one flipped id would silently forget
    // another person's row, so they are checked against the hash stored with them.
    const Bytes ids = row.blob(8);
    if (sha256Hex(ids.data(), ids.size()) != entry.ids_sha256)
      throw Error(ErrorKind::Catalog, "forget set " + std::to_string(entry.id) +
                                          " is corrupt: its ids do not match their stored SHA-256");
    entry.ids = idsFromBlob(ids);
    if (static_cast<int64_t>(entry.ids.size()) != entry.size)
      throw Error(ErrorKind::Catalog, "forget set " + std::to_string(entry.id) + " is corrupt: it holds " +
                                          std::to_string(entry.ids.size()) + " ids, its size says " + std::to_string(entry.size));
  }
  return entry;
}

std::vector<int64_t> sortedCopy(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

int64_t Catalog::insertForgetSet(const ForgetSetEntry& entry) {
  Bytes ids = idsToBlob(sortedCopy(entry.ids));
  Statement insert(db_,
                   "INSERT INTO forget_sets (dataset_id, kind, description, classes, ids, size, ids_sha256) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert.bind(1, entry.dataset_id).bind(2, scenarioName(entry.kind)).bind(3, entry.description);
  insert.bind(4, intsToJson(entry.classes)).bind(5, ids);
  insert.bind(6, static_cast<int64_t>(entry.ids.size())).bind(7, sha256Hex(ids.data(), ids.size()));
  insert.run();
  return lastInsertId(db_);
}

std::optional<ForgetSetEntry> Catalog::forgetSetById(int64_t id) const {
  Statement query(db_, std::string(kSelectForgetSet) + "WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return readForgetSet(query, true);
}

std::optional<ForgetSetEntry> Catalog::findForgetSet(int64_t dataset_id, const std::vector<int64_t>& sorted_ids) const {
  std::vector<int64_t> wanted = sortedCopy(sorted_ids);
  Bytes ids = idsToBlob(wanted);
  Statement query(db_, std::string(kSelectForgetSet) + "WHERE dataset_id = ?1 AND ids_sha256 = ?2 ORDER BY id");
  query.bind(1, dataset_id).bind(2, sha256Hex(ids.data(), ids.size()));
  while (query.step()) {
    // The hash narrows the search; comparing the ids proves the match.
    ForgetSetEntry entry = readForgetSet(query, true);
    if (entry.ids == wanted) return entry;
  }
  return std::nullopt;
}

std::map<int64_t, std::vector<int64_t>> Catalog::allForgetSetIds() const {
  Statement query(db_, std::string(kSelectForgetSet) + "ORDER BY id");
  std::map<int64_t, std::vector<int64_t>> out;
  while (query.step()) {
    ForgetSetEntry entry = readForgetSet(query, true);
    out.emplace(entry.id, std::move(entry.ids));
  }
  return out;
}

std::vector<ForgetSetEntry> Catalog::listForgetSets() const {
  Statement query(db_, std::string(kListForgetSets) + "ORDER BY id");
  std::vector<ForgetSetEntry> entries;
  while (query.step()) entries.push_back(readForgetSet(query, false));
  return entries;
}

}  // namespace lethe::catalog
