// Models and their versions. A version's weights live in a blob; the version row keeps
// the blob id, hash and size so listing versions never reads the weights.
#include "catalog/blob_store.hpp"
#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

const char* const kSelectModel =
    "SELECT id, name, dataset_id, dataset_name, arch, recipe_json, created_at, active_version_id FROM models ";

ModelEntry readModel(const Statement& row) {
  ModelEntry entry;
  entry.id = row.int64(0);
  entry.name = row.text(1);
  entry.dataset_id = row.int64(2);
  entry.dataset_name = row.text(3);
  entry.arch = row.text(4);
  entry.recipe_json = row.text(5);
  entry.created_at = row.text(6);
  entry.active_version_id = row.optionalInt64(7);
  return entry;
}

const char* const kSelectVersion =
    "SELECT id, model_id, version, parent_version_id, run_id, weights_blob_id, sha256, size_bytes, note, "
    "created_at FROM model_versions ";

VersionEntry readVersion(const Statement& row) {
  VersionEntry entry;
  entry.id = row.int64(0);
  entry.model_id = row.int64(1);
  entry.version = row.int64(2);
  entry.parent_version_id = row.optionalInt64(3);
  entry.run_id = row.optionalInt64(4);
  entry.weights_blob_id = row.int64(5);
  entry.sha256 = row.text(6);
  entry.size_bytes = row.int64(7);
  entry.note = row.text(8);
  entry.created_at = row.text(9);
  return entry;
}

template <typename Entry, typename Reader>
std::optional<Entry> readOne(Statement& query, Reader reader) {
  if (!query.step()) return std::nullopt;
  return reader(query);
}

}  // namespace

int64_t Catalog::insertModel(const ModelEntry& entry) {
  if (findModel(entry.name)) throw Error(ErrorKind::Catalog, "model '" + entry.name + "' already exists");
  Statement insert(db_,
                   "INSERT INTO models (name, dataset_id, dataset_name, arch, recipe_json) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, entry.name).bind(2, entry.dataset_id).bind(3, entry.dataset_name);
  insert.bind(4, entry.arch).bind(5, entry.recipe_json).run();
  return lastInsertId(db_);
}

std::optional<ModelEntry> Catalog::findModel(const std::string& name) const {
  Statement query(db_, std::string(kSelectModel) + "WHERE name = ?1");
  query.bind(1, name);
  return readOne<ModelEntry>(query, readModel);
}

std::optional<ModelEntry> Catalog::modelById(int64_t id) const {
  Statement query(db_, std::string(kSelectModel) + "WHERE id = ?1");
  query.bind(1, id);
  return readOne<ModelEntry>(query, readModel);
}

std::vector<ModelEntry> Catalog::listModels() const {
  Statement query(db_, std::string(kSelectModel) + "ORDER BY id");
  std::vector<ModelEntry> entries;
  while (query.step()) entries.push_back(readModel(query));
  return entries;
}

// Runs and metrics stay: they are the history of what was done, even to a dropped model.
void Catalog::deleteModel(int64_t id) {
  if (!modelById(id)) throw Error(ErrorKind::Catalog, "model " + std::to_string(id) + " does not exist");
  Savepoint savepoint(db_);
  Statement masks(db_, "DELETE FROM masks WHERE version_id IN (SELECT id FROM model_versions WHERE model_id = ?1)");
  masks.bind(1, id).run();
  Statement versions(db_, "DELETE FROM model_versions WHERE model_id = ?1");
  versions.bind(1, id).run();
  Statement model(db_, "DELETE FROM models WHERE id = ?1");
  model.bind(1, id).run();
  deleteUnreferencedBlobs(db_);
  savepoint.release();
}

int64_t Catalog::insertVersion(const VersionEntry& entry, const Bytes& weights) {
  if (!modelById(entry.model_id)) {
    throw Error(ErrorKind::Catalog, "model " + std::to_string(entry.model_id) + " does not exist");
  }
  if (findVersion(entry.model_id, entry.version)) {
    throw Error(ErrorKind::Catalog, "model " + std::to_string(entry.model_id) + " already has version " +
                                        std::to_string(entry.version));
  }
  Savepoint savepoint(db_);
  StoredBlob blob = storeBlob(db_, weights);
  Statement insert(db_,
                   "INSERT INTO model_versions (model_id, version, parent_version_id, run_id, weights_blob_id, "
                   "sha256, size_bytes, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  insert.bind(1, entry.model_id).bind(2, entry.version).bind(3, entry.parent_version_id).bind(4, entry.run_id);
  insert.bind(5, blob.id).bind(6, blob.sha256).bind(7, blob.size).bind(8, entry.note).run();
  int64_t id = lastInsertId(db_);
  setActiveVersion(entry.model_id, id);  // a new version is what `m` names from now on
  savepoint.release();
  return id;
}

std::optional<VersionEntry> Catalog::findVersion(int64_t model_id, int64_t version) const {
  Statement query(db_, std::string(kSelectVersion) + "WHERE model_id = ?1 AND version = ?2");
  query.bind(1, model_id).bind(2, version);
  return readOne<VersionEntry>(query, readVersion);
}

std::optional<VersionEntry> Catalog::latestVersion(int64_t model_id) const {
  Statement query(db_, std::string(kSelectVersion) + "WHERE model_id = ?1 ORDER BY version DESC LIMIT 1");
  query.bind(1, model_id);
  return readOne<VersionEntry>(query, readVersion);
}

std::optional<VersionEntry> Catalog::versionById(int64_t id) const {
  Statement query(db_, std::string(kSelectVersion) + "WHERE id = ?1");
  query.bind(1, id);
  return readOne<VersionEntry>(query, readVersion);
}

std::vector<VersionEntry> Catalog::listVersions(int64_t model_id) const {
  Statement query(db_, std::string(kSelectVersion) + "WHERE model_id = ?1 ORDER BY version");
  query.bind(1, model_id);
  std::vector<VersionEntry> entries;
  while (query.step()) entries.push_back(readVersion(query));
  return entries;
}

std::vector<VersionEntry> Catalog::listAllVersions() const {
  Statement query(db_, std::string(kSelectVersion) + "ORDER BY id");
  std::vector<VersionEntry> entries;
  while (query.step()) entries.push_back(readVersion(query));
  return entries;
}

std::map<int64_t, Catalog::VersionSummary> Catalog::versionSummaries() const {
  // One aggregate pass instead of every version row; the active version as its number.
  Statement query(db_,
                  "SELECT v.model_id, count(*), max(v.version), "
                  "(SELECT a.version FROM models m JOIN model_versions a ON a.id = m.active_version_id "
                  "WHERE m.id = v.model_id) FROM model_versions v GROUP BY v.model_id");
  std::map<int64_t, VersionSummary> summaries;
  while (query.step()) {
    VersionSummary& s = summaries[query.int64(0)];
    s.count = query.int64(1);
    s.latest = query.int64(2);
    s.active = query.isNull(3) ? s.latest : query.int64(3);  // none set: the latest
  }
  return summaries;
}

}  // namespace lethe::catalog
