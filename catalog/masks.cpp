// Saliency masks: one per (version, forget set, threshold), stored as a blob so a later
// FORGET with the same target can reuse it instead of recomputing the gradients.
#include "catalog/blob_store.hpp"
#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {
// Thresholds come from user text ("0.5") and from arithmetic; equal within this
// tolerance means the same mask.
constexpr double kThresholdTolerance = 1e-9;
}  // namespace

int64_t Catalog::insertMask(const MaskEntry& entry, const Bytes& mask) {
  if (!versionById(entry.version_id)) {
    throw Error(ErrorKind::Catalog, "model version " + std::to_string(entry.version_id) + " does not exist");
  }
  if (!forgetSetById(entry.forget_set_id)) {
    throw Error(ErrorKind::Catalog, "forget set " + std::to_string(entry.forget_set_id) + " does not exist");
  }
  Savepoint savepoint(db_);
  StoredBlob blob = storeBlob(db_, mask);
  Statement insert(db_,
                   "INSERT INTO masks (version_id, forget_set_id, threshold, blob_id, sha256) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, entry.version_id).bind(2, entry.forget_set_id).bind(3, entry.threshold);
  insert.bind(4, blob.id).bind(5, blob.sha256).run();
  int64_t id = lastInsertId(db_);
  savepoint.release();
  return id;
}

std::optional<MaskEntry> Catalog::findMask(int64_t version_id, int64_t forget_set_id, double threshold) const {
  Statement query(db_,
                  "SELECT id, version_id, forget_set_id, threshold, blob_id, sha256, created_at FROM masks "
                  "WHERE version_id = ?1 AND forget_set_id = ?2 AND abs(threshold - ?3) <= ?4 "
                  "ORDER BY id DESC LIMIT 1");
  query.bind(1, version_id).bind(2, forget_set_id).bind(3, threshold).bind(4, kThresholdTolerance);
  if (!query.step()) return std::nullopt;
  MaskEntry entry;
  entry.id = query.int64(0);
  entry.version_id = query.int64(1);
  entry.forget_set_id = query.int64(2);
  entry.threshold = query.real(3);
  entry.blob_id = query.int64(4);
  entry.sha256 = query.text(5);
  entry.created_at = query.text(6);
  return entry;
}

}  // namespace lethe::catalog
