#include <algorithm>

#include "catalog/blob_store.hpp"
#include "catalog/catalog.hpp"
#include "common/sha256.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

StoredBlob storeBlob(sqlite3* db, const Bytes& data) {
  StoredBlob stored;
  stored.sha256 = sha256Hex(data.data(), data.size());
  stored.size = static_cast<int64_t>(data.size());

  Statement existing(db, "SELECT id FROM blobs WHERE sha256 = ?1 AND size = ?2 ORDER BY id LIMIT 1");
  existing.bind(1, stored.sha256).bind(2, stored.size);
  if (existing.step()) {
    stored.id = existing.int64(0);
    return stored;
  }

  Savepoint savepoint(db);
  Statement insert(db, "INSERT INTO blobs (sha256, size) VALUES (?1, ?2)");
  insert.bind(1, stored.sha256).bind(2, stored.size).run();
  stored.id = lastInsertId(db);

  Statement chunk(db, "INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?1, ?2, ?3)");
  int64_t seq = 0;
  for (size_t offset = 0; offset < data.size(); offset += kBlobChunkBytes, ++seq) {
    size_t length = std::min(kBlobChunkBytes, data.size() - offset);
    chunk.bind(1, stored.id).bind(2, seq).bind(3, data.data() + offset, length).run();
    chunk.reset();
  }
  savepoint.release();
  return stored;
}

Bytes readBlob(sqlite3* db, int64_t blob_id) {
  Statement header(db, "SELECT sha256, size FROM blobs WHERE id = ?1");
  header.bind(1, blob_id);
  if (!header.step()) throw Error(ErrorKind::Catalog, "blob " + std::to_string(blob_id) + " does not exist");
  std::string expected_sha = header.text(0);
  int64_t expected_size = header.int64(1);

  Bytes data;
  data.reserve(static_cast<size_t>(std::max<int64_t>(expected_size, 0)));
  Statement chunks(db, "SELECT data FROM blob_chunks WHERE blob_id = ?1 ORDER BY seq");
  chunks.bind(1, blob_id);
  while (chunks.step()) {
    Bytes piece = chunks.blob(0);
    data.insert(data.end(), piece.begin(), piece.end());
  }
  if (static_cast<int64_t>(data.size()) != expected_size) {
    throw Error(ErrorKind::Catalog, "blob " + std::to_string(blob_id) + " is corrupt: expected " +
                                        std::to_string(expected_size) + " bytes, found " +
                                        std::to_string(data.size()));
  }
  if (sha256Hex(data.data(), data.size()) != expected_sha) {
    throw Error(ErrorKind::Catalog, "blob " + std::to_string(blob_id) + " is corrupt: SHA-256 mismatch");
  }
  return data;
}

int64_t deleteUnreferencedBlobs(sqlite3* db) {
  // blob_chunks rows go with their blob (ON DELETE CASCADE).
  Statement sweep(db,
                  "DELETE FROM blobs WHERE id NOT IN (SELECT weights_blob_id FROM model_versions) "
                  "AND id NOT IN (SELECT blob_id FROM masks) AND id NOT IN (SELECT blob_id FROM sample_sets)");
  sweep.run();
  return changes(db);
}

Bytes Catalog::loadBlob(int64_t blob_id) const { return readBlob(db_, blob_id); }

Bytes Catalog::loadVersionWeights(const VersionEntry& version) const {
  Bytes weights = readBlob(db_, version.weights_blob_id);
  if (static_cast<int64_t>(weights.size()) != version.size_bytes || sha256Hex(weights.data(), weights.size()) != version.sha256)
    throw Error(ErrorKind::Catalog, "model version " + std::to_string(version.version) + " (id " + std::to_string(version.id) +
                                        ") is corrupt: its weights do not match the SHA-256 and size it records");
  return weights;
}

}  // namespace lethe::catalog
