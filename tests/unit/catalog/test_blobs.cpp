// Blob storage: chunking of large weights, hash verification, corruption detection.
#include <sqlite3.h>

#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::countRows;
using testing::expectCatalogError;
using testing::patternBytes;
using testing::sampleDataset;
using testing::sampleModel;
using testing::sampleVersion;
using testing::TempCatalogPath;

void execOrFail(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
}

struct StoredVersion {
  int64_t version_id;
  int64_t blob_id;
};

StoredVersion storeWeights(Catalog& catalog, const Bytes& weights) {
  int64_t model = catalog.insertModel(sampleModel(catalog.insertDataset(sampleDataset())));
  int64_t version = catalog.insertVersion(sampleVersion(model, 1), weights);
  return {version, catalog.versionById(version)->weights_blob_id};
}

TEST(CatalogBlobs, TwentyMebibytesRoundTripThroughSeveralChunks) {
  TempCatalogPath path;
  const Bytes weights = patternBytes(size_t{20} << 20, 9);
  const std::string expected_sha = sha256Hex(weights.data(), weights.size());
  int64_t blob = 0;
  {
    Catalog catalog(path.str());
    StoredVersion stored = storeWeights(catalog, weights);
    blob = stored.blob_id;
    EXPECT_EQ(catalog.versionById(stored.version_id)->sha256, expected_sha);
    EXPECT_EQ(catalog.versionById(stored.version_id)->size_bytes, int64_t{20} << 20);
    std::string id = std::to_string(blob);
    // 8 MiB + 8 MiB + 4 MiB.
    EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blob_chunks WHERE blob_id = " + id), 3);
    EXPECT_EQ(countRows(catalog.handle(), "SELECT max(length(data)) FROM blob_chunks WHERE blob_id = " + id),
              int64_t{8} << 20);
  }
  Catalog reopened(path.str());
  Bytes loaded = reopened.loadBlob(blob);
  EXPECT_EQ(loaded.size(), weights.size());
  EXPECT_EQ(sha256Hex(loaded.data(), loaded.size()), expected_sha);
  EXPECT_TRUE(loaded == weights);
}

TEST(CatalogBlobs, CorruptedChunkIsDetected) {
  Catalog catalog(":memory:");
  StoredVersion stored = storeWeights(catalog, patternBytes(size_t{9} << 20, 3));
  std::string id = std::to_string(stored.blob_id);
  // Same length, different bytes, in the second chunk: only the hash can tell.
  execOrFail(catalog.handle(),
             "UPDATE blob_chunks SET data = zeroblob(length(data)) WHERE blob_id = " + id + " AND seq = 1");
  expectCatalogError([&] { catalog.loadBlob(stored.blob_id); }, "blob " + id + " is corrupt: SHA-256 mismatch");
}

TEST(CatalogBlobs, MissingChunkIsDetectedBySize) {
  Catalog catalog(":memory:");
  StoredVersion stored = storeWeights(catalog, patternBytes(size_t{9} << 20, 4));
  std::string id = std::to_string(stored.blob_id);
  execOrFail(catalog.handle(), "DELETE FROM blob_chunks WHERE blob_id = " + id + " AND seq = 1");
  expectCatalogError([&] { catalog.loadBlob(stored.blob_id); }, "blob " + id + " is corrupt: expected");
}

TEST(CatalogBlobs, AVersionPointingAtAnotherBlobIsCaught) {
  Catalog catalog(":memory:");
  const int64_t dataset = catalog.insertDataset(sampleDataset());
  const int64_t model = catalog.insertModel(sampleModel(dataset));
  catalog.insertVersion(sampleVersion(model, 1), patternBytes(100, 1));
  const int64_t second = catalog.insertVersion(sampleVersion(model, 2), patternBytes(100, 2));
  auto v2 = catalog.versionById(second);
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(catalog.loadVersionWeights(*v2), patternBytes(100, 2));
  // Both blobs are intact, so loading the blob alone cannot notice the swap.
  ASSERT_EQ(sqlite3_exec(catalog.handle(),
                         ("UPDATE model_versions SET weights_blob_id = (SELECT weights_blob_id FROM model_versions "
                          "WHERE version = 1) WHERE id = " + std::to_string(second)).c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  v2 = catalog.versionById(second);
  expectCatalogError([&] { catalog.loadVersionWeights(*v2); }, "is corrupt: its weights do not match");
}

TEST(CatalogBlobs, UnknownBlobAndEmptyBlob) {
  Catalog catalog(":memory:");
  expectCatalogError([&] { catalog.loadBlob(42); }, "blob 42 does not exist");
  StoredVersion stored = storeWeights(catalog, Bytes{});
  EXPECT_TRUE(catalog.loadBlob(stored.blob_id).empty());
  EXPECT_EQ(catalog.versionById(stored.version_id)->sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CatalogBlobs, IdenticalContentsAreStoredOnce) {
  Catalog catalog(":memory:");
  int64_t model = catalog.insertModel(sampleModel(catalog.insertDataset(sampleDataset())));
  Bytes weights = patternBytes(5000, 5);
  int64_t v1 = catalog.insertVersion(sampleVersion(model, 1), weights);
  int64_t v2 = catalog.insertVersion(sampleVersion(model, 2), weights);
  EXPECT_EQ(catalog.versionById(v1)->weights_blob_id, catalog.versionById(v2)->weights_blob_id);
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blobs"), 1);
}

TEST(CatalogSha256, KnownVectors) {
  EXPECT_EQ(sha256Hex("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256Hex(nullptr, 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace lethe::catalog
