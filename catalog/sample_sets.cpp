// Generated samples stored as a dataset (SAMPLE without INTO 'file'): their bytes in a blob,
// one row per dataset. The dataset row itself is inserted by insertDataset.
#include "catalog/blob_store.hpp"
#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

void Catalog::insertSampleSet(const SampleSetEntry& entry, const Bytes& data) {
  if (!datasetById(entry.dataset_id, /*with_ids=*/false))
    throw Error(ErrorKind::Catalog, "dataset " + std::to_string(entry.dataset_id) + " does not exist");
  Savepoint savepoint(db_);
  const StoredBlob blob = storeBlob(db_, data);
  Statement insert(db_, "INSERT INTO sample_sets (dataset_id, model_id, version_id, blob_id, sha256) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, entry.dataset_id).bind(2, entry.model_id).bind(3, entry.version_id);
  insert.bind(4, blob.id).bind(5, blob.sha256).run();
  savepoint.release();
}

std::optional<SampleSetEntry> Catalog::sampleSetOf(int64_t dataset_id) const {
  Statement query(db_, "SELECT dataset_id, model_id, version_id, blob_id, sha256 FROM sample_sets WHERE dataset_id = ?1");
  query.bind(1, dataset_id);
  if (!query.step()) return std::nullopt;
  SampleSetEntry entry;
  entry.dataset_id = query.int64(0);
  entry.model_id = query.int64(1);
  entry.version_id = query.int64(2);
  entry.blob_id = query.int64(3);
  entry.sha256 = query.text(4);
  return entry;
}

}  // namespace lethe::catalog
