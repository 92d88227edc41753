// Corrupted datasets in the catalog: recipe and rows round-trip, go with their dataset, are
// covered by the fingerprint, and a version-1 catalog gains the tables when opened.
#include <sqlite3.h>

#include "catalog/migrations.hpp"
#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::countRows;
using testing::TempCatalogPath;

DatasetEntry corruptedDataset(int64_t parent_id) {
  DatasetEntry entry = testing::sampleDataset("fmnist_bd");
  entry.kind = "corrupted";
  entry.format = "";
  entry.path = "";
  entry.parent_id = parent_id;
  entry.recipe_json = R"({"count":3,"kind":"poison","seed":1,"target":0})";
  return entry;
}

CorruptionEntry poisonOf(int64_t dataset_id) {
  CorruptionEntry entry;
  entry.dataset_id = dataset_id;
  entry.kind = "poison";
  entry.count = 3;
  entry.target = 0;
  entry.seed = 7;
  entry.rows = {4, 17, 230};
  entry.true_labels = {9, 2, 5};
  return entry;
}

TEST(CatalogCorruptions, RecipeAndRowsRoundTrip) {
  Catalog catalog(":memory:");
  const int64_t parent = catalog.insertDataset(testing::sampleDataset());
  const int64_t id = catalog.insertDataset(corruptedDataset(parent));
  catalog.insertCorruption(poisonOf(id));

  auto read = catalog.corruptionOf(id);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->kind, "poison");
  EXPECT_EQ(read->count, 3);
  EXPECT_EQ(read->target, std::optional<int64_t>(0));
  EXPECT_TRUE(read->classes.empty());
  EXPECT_EQ(read->seed, 7);
  EXPECT_EQ(read->rows, (std::vector<int64_t>{4, 17, 230}));
  EXPECT_EQ(read->true_labels, (std::vector<int64_t>{9, 2, 5}));
  EXPECT_FALSE(catalog.corruptionOf(parent).has_value());

  DatasetEntry swapped = corruptedDataset(parent);
  swapped.name = "fmnist_swap";
  CorruptionEntry swap = poisonOf(catalog.insertDataset(swapped));
  swap.kind = "swap";
  swap.target.reset();
  swap.classes = {1, 7};
  catalog.insertCorruption(swap);
  auto read_swap = catalog.corruptionOf(swap.dataset_id);
  ASSERT_TRUE(read_swap.has_value());
  EXPECT_FALSE(read_swap->target.has_value());
  EXPECT_EQ(read_swap->classes, (std::vector<int64_t>{1, 7}));
}

TEST(CatalogCorruptions, MismatchedRowsAndLabelsAreRejectedAndWriteNothing) {
  Catalog catalog(":memory:");
  const int64_t id = catalog.insertDataset(corruptedDataset(catalog.insertDataset(testing::sampleDataset())));
  CorruptionEntry bad = poisonOf(id);
  bad.true_labels.pop_back();
  testing::expectCatalogError([&] { catalog.insertCorruption(bad); }, "3 rows but 2 true labels");
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM corruptions"), 0);
  // A duplicate row id fails inside the savepoint: the recipe row goes too.
  CorruptionEntry duplicate = poisonOf(id);
  duplicate.rows = {4, 4, 5};
  EXPECT_THROW(catalog.insertCorruption(duplicate), Error);
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM corruptions"), 0);
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM corrupted_rows"), 0);
}

TEST(CatalogCorruptions, DroppingTheDatasetDropsItsCorruption) {
  Catalog catalog(":memory:");
  const int64_t id = catalog.insertDataset(corruptedDataset(catalog.insertDataset(testing::sampleDataset())));
  catalog.insertCorruption(poisonOf(id));
  catalog.deleteDataset(id);
  EXPECT_FALSE(catalog.corruptionOf(id).has_value());
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM corrupted_rows"), 0);
}

TEST(CatalogCorruptions, FingerprintCoversTheCorruptedRows) {
  Catalog catalog(":memory:");
  const int64_t id = catalog.insertDataset(corruptedDataset(catalog.insertDataset(testing::sampleDataset())));
  catalog.insertCorruption(poisonOf(id));
  const std::string before = catalog.fingerprint();
  // A changed true label, written behind the API's back, must change the fingerprint.
  ASSERT_EQ(sqlite3_exec(catalog.handle(), "UPDATE corrupted_rows SET true_label = 3 WHERE row_id = 17", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(catalog.fingerprint(), before);
}

// A catalog written by a Lethe of schema version 1 (before corrupted datasets) opens,
// keeps its rows and gains the new tables.
TEST(CatalogCorruptions, VersionOneCatalogIsMigratedForward) {
  TempCatalogPath path;
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path.str().c_str(), &raw), SQLITE_OK);
    const Migration& first = migrations().at(0);
    ASSERT_EQ(first.from_version, 0);
    ASSERT_EQ(sqlite3_exec(raw, first.sql, nullptr, nullptr, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "INSERT INTO datasets (name, kind, num_train, num_test, channels, height, width) "
                           "VALUES ('old', 'builtin', 10, 5, 1, 28, 28); PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    EXPECT_EQ(countRows(raw, "SELECT count(*) FROM sqlite_master WHERE name = 'corruptions'"), 0);
    sqlite3_close(raw);
  }
  Catalog catalog(path.str());
  EXPECT_EQ(catalog.schemaVersion(), Catalog::kSchemaVersion);
  auto old = catalog.findDataset("old");
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->num_train, 10);
  const int64_t id = catalog.insertDataset(corruptedDataset(old->id));
  catalog.insertCorruption(poisonOf(id));
  EXPECT_EQ(catalog.corruptionOf(id)->rows.size(), 3u);
}

}  // namespace
}  // namespace lethe::catalog
