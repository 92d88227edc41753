// Generated samples stored as a dataset: their blob goes in with the dataset and out with it.
#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::countRows;

TEST(CatalogSampleSets, StoredWithTheirDatasetAndDroppedWithIt) {
  Catalog catalog(":memory:");
  DatasetEntry entry = testing::sampleDataset("gen_samples");
  entry.kind = "samples";
  entry.path = "";
  entry.id = catalog.insertDataset(entry);
  const Bytes data = {1, 2, 3, 4, 5};
  SampleSetEntry set;
  set.dataset_id = entry.id;
  set.model_id = 7;
  set.version_id = 9;
  catalog.insertSampleSet(set, data);

  const auto stored = catalog.sampleSetOf(entry.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->model_id, 7);
  EXPECT_EQ(stored->version_id, 9);
  EXPECT_EQ(catalog.loadBlob(stored->blob_id), data);
  EXPECT_EQ(stored->sha256, sha256Hex(data.data(), data.size()));
  EXPECT_FALSE(catalog.sampleSetOf(entry.id + 1).has_value());

  catalog.deleteDataset(entry.id);
  EXPECT_FALSE(catalog.sampleSetOf(entry.id).has_value());
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blobs"), 0);
}

TEST(CatalogSampleSets, NeedTheirDataset) {
  Catalog catalog(":memory:");
  SampleSetEntry set;
  set.dataset_id = 3;
  EXPECT_THROW(catalog.insertSampleSet(set, {1}), Error);
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blobs"), 0);
}

}  // namespace
}  // namespace lethe::catalog
