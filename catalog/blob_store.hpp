#pragma once
// Content-addressed blob storage inside the catalog. A blob is split into chunks of at
// most kBlobChunkBytes so large weights never need one giant SQLite value, and equal
// contents are stored once (a blob may then be shared by several rows).
#include <cstdint>
#include <string>

#include "catalog/entries.hpp"

struct sqlite3;

namespace lethe::catalog {

constexpr size_t kBlobChunkBytes = size_t{8} << 20;

struct StoredBlob {
  int64_t id = 0;
  std::string sha256;
  int64_t size = 0;
};

// Stores `data` (or finds an identical blob) and returns its id and hash.
StoredBlob storeBlob(sqlite3* db, const Bytes& data);

// Reads the chunks back in order and verifies size and SHA-256.
Bytes readBlob(sqlite3* db, int64_t blob_id);

// Deletes blobs that no version, mask or sample set refers to; returns how many were deleted.
int64_t deleteUnreferencedBlobs(sqlite3* db);

}  // namespace lethe::catalog
