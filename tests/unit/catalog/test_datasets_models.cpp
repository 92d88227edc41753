// Round trips of datasets, models and versions.
#include <regex>

#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::expectCatalogError;
using testing::patternBytes;
using testing::sampleDataset;
using testing::sampleModel;
using testing::sampleVersion;

bool isIsoUtc(const std::string& text) {
  return std::regex_match(text, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)"));
}

TEST(CatalogDatasets, SubsetRoundTripsEveryField) {
  Catalog catalog(":memory:");
  int64_t parent = catalog.insertDataset(sampleDataset());
  DatasetEntry subset;
  subset.name = "small";
  subset.kind = "subset";
  subset.content_hash = "recipe-hash";
  subset.parent_id = parent;
  subset.recipe_json = R"({"train":3,"test":2,"seed":1})";
  subset.train_ids = {59999, 4, 17};
  subset.test_ids = {0, 9999};
  subset.num_train = 3;
  subset.num_test = 2;
  subset.class_names = {"a 'quoted' name", "b\"c", "ü"};
  subset.channels = 3;
  subset.height = 32;
  subset.width = 30;
  int64_t id = catalog.insertDataset(subset);

  auto found = catalog.findDataset("small");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->kind, "subset");
  EXPECT_EQ(found->format, "");
  EXPECT_EQ(found->content_hash, "recipe-hash");
  EXPECT_EQ(found->parent_id, parent);
  EXPECT_EQ(found->recipe_json, subset.recipe_json);
  EXPECT_EQ(found->train_ids, subset.train_ids);  // order kept as given
  EXPECT_EQ(found->test_ids, subset.test_ids);
  EXPECT_EQ(found->num_train, 3);
  EXPECT_EQ(found->num_test, 2);
  EXPECT_EQ(found->class_names, subset.class_names);
  EXPECT_EQ(found->channels, 3);
  EXPECT_EQ(found->height, 32);
  EXPECT_EQ(found->width, 30);
  EXPECT_TRUE(isIsoUtc(found->created_at)) << found->created_at;

  auto by_id = catalog.datasetById(parent);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->name, "fmnist");
  EXPECT_FALSE(by_id->parent_id.has_value());
  EXPECT_EQ(by_id->path, "/usr/share/datasets/fashion-mnist");
  EXPECT_FALSE(catalog.findDataset("Small").has_value());  // names are exact
  EXPECT_FALSE(catalog.datasetById(999).has_value());
}

TEST(CatalogDatasets, DuplicateNameIsRejectedAndNothingChanges) {
  Catalog catalog(":memory:");
  catalog.insertDataset(sampleDataset("x"));
  std::string before = catalog.fingerprint();
  expectCatalogError([&] { catalog.insertDataset(sampleDataset("x")); }, "dataset 'x' already exists");
  EXPECT_EQ(catalog.fingerprint(), before);
}

TEST(CatalogDatasets, ListAndDeleteKeepModelsDangling) {
  Catalog catalog(":memory:");
  int64_t a = catalog.insertDataset(sampleDataset("a"));
  int64_t b = catalog.insertDataset(sampleDataset("b"));
  int64_t model = catalog.insertModel(sampleModel(a));
  auto names = catalog.listDatasets();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].name, "a");
  EXPECT_EQ(names[1].name, "b");

  catalog.deleteDataset(a);
  ASSERT_EQ(catalog.listDatasets().size(), 1u);
  EXPECT_EQ(catalog.listDatasets()[0].id, b);
  auto orphan = catalog.modelById(model);
  ASSERT_TRUE(orphan.has_value());
  EXPECT_EQ(orphan->dataset_id, a);
  EXPECT_EQ(orphan->dataset_name, "fmnist");
  expectCatalogError([&] { catalog.deleteDataset(a); }, "dataset " + std::to_string(a) + " does not exist");
  // A dropped id is never handed out again.
  EXPECT_GT(catalog.insertDataset(sampleDataset("c")), b);
}

TEST(CatalogModels, InsertFindListDelete) {
  Catalog catalog(":memory:");
  int64_t dataset = catalog.insertDataset(sampleDataset());
  int64_t clf = catalog.insertModel(sampleModel(dataset, "clf"));
  int64_t other = catalog.insertModel(sampleModel(dataset, "other"));
  auto found = catalog.findModel("clf");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, clf);
  EXPECT_EQ(found->dataset_id, dataset);
  EXPECT_EQ(found->arch, "cnn");
  EXPECT_EQ(found->recipe_json, R"({"epochs":8,"lr":0.05})");
  EXPECT_TRUE(isIsoUtc(found->created_at));
  EXPECT_EQ(catalog.modelById(other)->name, "other");
  EXPECT_EQ(catalog.listModels().size(), 2u);
  expectCatalogError([&] { catalog.insertModel(sampleModel(dataset, "clf")); }, "model 'clf' already exists");

  catalog.deleteModel(clf);
  EXPECT_FALSE(catalog.findModel("clf").has_value());
  ASSERT_EQ(catalog.listModels().size(), 1u);
  expectCatalogError([&] { catalog.deleteModel(clf); }, "does not exist");
}

TEST(CatalogModels, VersionsStoreWeightsWithHash) {
  Catalog catalog(":memory:");
  int64_t model = catalog.insertModel(sampleModel(catalog.insertDataset(sampleDataset())));
  Bytes v1_weights = patternBytes(1000, 1);
  Bytes v2_weights = patternBytes(1200, 2);
  int64_t v1 = catalog.insertVersion(sampleVersion(model, 1), v1_weights);
  VersionEntry second = sampleVersion(model, 2);
  second.parent_version_id = v1;
  second.note = "salun on forget set 3";
  int64_t v2 = catalog.insertVersion(second, v2_weights);

  auto first = catalog.findVersion(model, 1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->id, v1);
  EXPECT_EQ(first->sha256, sha256Hex(v1_weights.data(), v1_weights.size()));
  EXPECT_EQ(first->size_bytes, 1000);
  EXPECT_FALSE(first->parent_version_id.has_value());
  EXPECT_FALSE(first->run_id.has_value());
  EXPECT_EQ(catalog.loadBlob(first->weights_blob_id), v1_weights);

  auto latest = catalog.latestVersion(model);
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->id, v2);
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->parent_version_id, v1);
  EXPECT_EQ(latest->note, "salun on forget set 3");
  EXPECT_TRUE(isIsoUtc(latest->created_at));
  EXPECT_EQ(catalog.loadBlob(catalog.versionById(v2)->weights_blob_id), v2_weights);

  auto versions = catalog.listVersions(model);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].version, 1);
  EXPECT_EQ(versions[1].version, 2);
  EXPECT_FALSE(catalog.findVersion(model, 3).has_value());
  EXPECT_FALSE(catalog.latestVersion(model + 100).has_value());
}

TEST(CatalogModels, BadVersionInsertsChangeNothing) {
  Catalog catalog(":memory:");
  int64_t model = catalog.insertModel(sampleModel(catalog.insertDataset(sampleDataset())));
  catalog.insertVersion(sampleVersion(model, 1), patternBytes(10, 1));
  std::string before = catalog.fingerprint();
  expectCatalogError([&] { catalog.insertVersion(sampleVersion(model, 1), patternBytes(10, 2)); },
                     "model " + std::to_string(model) + " already has version 1");
  expectCatalogError([&] { catalog.insertVersion(sampleVersion(model + 5, 1), patternBytes(10, 3)); },
                     "does not exist");
  // A run id that does not exist violates a foreign key after the blob was written; the
  // call's savepoint must take the blob back out.
  VersionEntry bad_run = sampleVersion(model, 2);
  bad_run.run_id = 77;
  EXPECT_THROW(catalog.insertVersion(bad_run, patternBytes(10, 4)), Error);
  EXPECT_EQ(catalog.fingerprint(), before);
}

}  // namespace
}  // namespace lethe::catalog
