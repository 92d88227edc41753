// Opening catalogs: files and memory, persistence, WAL, rejection of foreign or newer files.
#include <sqlite3.h>

#include <fstream>

#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::expectCatalogError;
using testing::TempCatalogPath;

std::string pragmaText(sqlite3* db, const char* pragma) {
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, pragma, -1, &stmt, nullptr), SQLITE_OK);
  std::string value;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return value;
}

void setUserVersion(const std::string& path, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::string sql = "PRAGMA user_version = " + std::to_string(version);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST(CatalogOpen, FileCatalogPersistsAcrossReopenInWalMode) {
  TempCatalogPath path;
  int64_t dataset_id = 0;
  {
    Catalog catalog(path.str());
    EXPECT_EQ(catalog.schemaVersion(), Catalog::kSchemaVersion);
    EXPECT_EQ(pragmaText(catalog.handle(), "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragmaText(catalog.handle(), "PRAGMA foreign_keys"), "1");
    dataset_id = catalog.insertDataset(testing::sampleDataset());
  }
  Catalog reopened(path.str());
  EXPECT_EQ(reopened.path(), path.str());
  EXPECT_EQ(reopened.schemaVersion(), Catalog::kSchemaVersion);
  auto dataset = reopened.findDataset("fmnist");
  ASSERT_TRUE(dataset.has_value());
  EXPECT_EQ(dataset->id, dataset_id);
  EXPECT_EQ(dataset->class_names.size(), 10u);
}

TEST(CatalogOpen, MemoryCatalogWorksWithoutWal) {
  Catalog catalog(":memory:");
  EXPECT_EQ(catalog.schemaVersion(), Catalog::kSchemaVersion);
  EXPECT_EQ(pragmaText(catalog.handle(), "PRAGMA journal_mode"), "memory");
  catalog.insertDataset(testing::sampleDataset());
  EXPECT_EQ(catalog.listDatasets().size(), 1u);
  // Two memory catalogs are independent databases.
  Catalog other(":memory:");
  EXPECT_TRUE(other.listDatasets().empty());
}

TEST(CatalogOpen, EmptyFileIsMigratedToTheCurrentSchema) {
  TempCatalogPath path;
  { std::ofstream(path.str(), std::ios::binary); }
  ASSERT_EQ(std::filesystem::file_size(path.str()), 0u);
  Catalog catalog(path.str());
  EXPECT_EQ(catalog.schemaVersion(), Catalog::kSchemaVersion);
  for (const char* table : {"datasets", "models", "model_versions", "forget_sets", "masks", "runs", "metrics",
                            "blobs", "blob_chunks"}) {
    std::string sql = std::string("SELECT count(*) FROM ") + table;
    EXPECT_EQ(sqlite3_exec(catalog.handle(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << table;
  }
}

TEST(CatalogOpen, TextFileIsRejectedAsNotSqlite) {
  TempCatalogPath path;
  { std::ofstream(path.str()) << "name,value\nthis is not a database, at all\n" << std::string(200, 'x'); }
  expectCatalogError([&] { Catalog catalog(path.str()); },
                     "'" + path.str() + "' is not a Lethe catalog (file is not an SQLite database)");
}

TEST(CatalogOpen, NewerSchemaVersionIsRejectedAndFileLeftAlone) {
  TempCatalogPath path;
  { Catalog catalog(path.str()); }
  setUserVersion(path.str(), 99);
  expectCatalogError([&] { Catalog catalog(path.str()); },
                     "catalog '" + path.str() + "' has schema version 99, newer than this Lethe (" +
                         std::to_string(Catalog::kSchemaVersion) + "); upgrade Lethe");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.str().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(pragmaText(db, "PRAGMA user_version"), "99");
  sqlite3_close(db);
}

TEST(CatalogOpen, ForeignSqliteDatabaseIsRejected) {
  TempCatalogPath path;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.str().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  expectCatalogError([&] { Catalog catalog(path.str()); }, "is not a Lethe catalog");
}

TEST(CatalogOpen, MissingDirectoryIsAClearError) {
  TempCatalogPath base;
  std::string path = base.str() + "_missing_dir/catalog.db";
  expectCatalogError([&] { Catalog catalog(path); }, "directory '" + base.str() + "_missing_dir' does not exist");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(CatalogOpen, TwoConnectionsSeeEachOthersCommits) {
  TempCatalogPath path;
  Catalog writer(path.str());
  Catalog reader(path.str());
  {
    Catalog::Transaction transaction(writer);
    writer.insertDataset(testing::sampleDataset());
    EXPECT_FALSE(reader.findDataset("fmnist").has_value());  // not committed yet
    transaction.commit();
  }
  EXPECT_TRUE(reader.findDataset("fmnist").has_value());
}

}  // namespace
}  // namespace lethe::catalog
