// Governance of versions: the active pointer (what a bare model name means), dropping one
// version, and the parent/child and forget-set links lineage walks.
#include "catalog/blob_store.hpp"
#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

std::optional<VersionEntry> Catalog::activeVersion(int64_t model_id) const {
  const auto model = modelById(model_id);
  if (!model) return std::nullopt;
  // A pointer to a version that is gone (a catalog edited by hand) falls back to the latest
  // rather than naming nothing.
  if (model->active_version_id)
    if (auto version = versionById(*model->active_version_id); version && version->model_id == model_id) return version;
  return latestVersion(model_id);
}

void Catalog::setActiveVersion(int64_t model_id, int64_t version_id) {
  const auto version = versionById(version_id);
  if (!version || version->model_id != model_id)
    throw Error(ErrorKind::Catalog, "version id " + std::to_string(version_id) + " is not a version of model " +
                                        std::to_string(model_id));
  Statement update(db_, "UPDATE models SET active_version_id = ?2 WHERE id = ?1");
  update.bind(1, model_id).bind(2, version_id).run();
}

std::vector<VersionEntry> Catalog::childVersions(int64_t version_id) const {
  std::vector<VersionEntry> children;
  Statement query(db_, "SELECT model_id, version FROM model_versions WHERE parent_version_id = ?1 ORDER BY id");
  query.bind(1, version_id);
  while (query.step())
    if (auto child = findVersion(query.int64(0), query.int64(1))) children.push_back(*child);
  return children;
}

// Runs keep the dropped version's id: they are the history of what was done.
void Catalog::deleteVersion(int64_t version_id) {
  if (!versionById(version_id)) throw Error(ErrorKind::Catalog, "version id " + std::to_string(version_id) + " does not exist");
  Savepoint savepoint(db_);
  Statement masks(db_, "DELETE FROM masks WHERE version_id = ?1");
  masks.bind(1, version_id).run();
  Statement version(db_, "DELETE FROM model_versions WHERE id = ?1");
  version.bind(1, version_id).run();
  deleteUnreferencedBlobs(db_);
  savepoint.release();
}

std::map<int64_t, int64_t> Catalog::forgetSetsOfVersions() const {
  std::map<int64_t, int64_t> out;
  Statement query(db_,
                  "SELECT v.id, r.forget_set_id FROM model_versions v JOIN runs r ON r.id = v.run_id "
                  "WHERE r.kind = 'forget' AND r.forget_set_id IS NOT NULL");
  while (query.step()) out[query.int64(0)] = query.int64(1);
  return out;
}

}  // namespace lethe::catalog
