#pragma once
// Shared helpers for the catalog tests: unique temporary catalog files and sample rows.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include "catalog/catalog.hpp"
#include "common/error.hpp"

namespace lethe::catalog::testing {

// A unique path under the temp directory; the file and its WAL/SHM companions are removed
// when the object goes out of scope.
class TempCatalogPath {
 public:
  explicit TempCatalogPath(const std::string& stem = "catalog") {
    static std::atomic<int> counter{0};
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = (std::filesystem::temp_directory_path() /
             ("lethe_test_" + stem + "_" + std::to_string(stamp) + "_" + std::to_string(counter++) + ".db"))
                .string();
  }
  ~TempCatalogPath() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + suffix, ignored);
  }
  TempCatalogPath(const TempCatalogPath&) = delete;
  TempCatalogPath& operator=(const TempCatalogPath&) = delete;

  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

// The single integer a query returns (e.g. a count), read straight from SQLite.
inline int64_t countRows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
  int64_t count = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  return count;
}

inline DatasetEntry sampleDataset(const std::string& name = "fmnist") {
  DatasetEntry entry;
  entry.name = name;
  entry.kind = "builtin";
  entry.format = "idx";
  entry.path = "/usr/share/datasets/fashion-mnist";
  entry.content_hash = "abc123";
  entry.num_train = 60000;
  entry.num_test = 10000;
  entry.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                       "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return entry;
}

inline ModelEntry sampleModel(int64_t dataset_id, const std::string& name = "clf") {
  ModelEntry entry;
  entry.name = name;
  entry.dataset_id = dataset_id;
  entry.dataset_name = "fmnist";
  entry.arch = "cnn";
  entry.recipe_json = R"({"epochs":8,"lr":0.05})";
  return entry;
}

inline Bytes patternBytes(size_t size, uint8_t seed) {
  Bytes data(size);
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>((i * 131 + seed * 7 + (i >> 13)) & 0xff);
  return data;
}

inline VersionEntry sampleVersion(int64_t model_id, int64_t version) {
  VersionEntry entry;
  entry.model_id = model_id;
  entry.version = version;
  entry.note = "trained";
  return entry;
}

// Runs `body` and checks that it throws lethe::Error of kind Catalog whose message contains `needle`.
template <typename Body>
void expectCatalogError(Body body, const std::string& needle) {
  try {
    body();
    ADD_FAILURE() << "expected a catalog error containing: " << needle;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Catalog) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace lethe::catalog::testing
