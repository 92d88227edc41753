// Forget sets (sorted ids, lookup by content) and saliency masks; deleteModel cleanup.
#include <sqlite3.h>

#include <algorithm>

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

ForgetSetEntry randomForgetSet(int64_t dataset_id, std::vector<int64_t> ids) {
  ForgetSetEntry entry;
  entry.dataset_id = dataset_id;
  entry.kind = ForgetScenario::Random;
  entry.description = "RANDOM 10 PERCENT SEED 1";
  entry.ids = std::move(ids);
  return entry;
}

TEST(CatalogForgetSets, IdsAreStoredSortedWithTheirHash) {
  Catalog catalog(":memory:");
  int64_t dataset = catalog.insertDataset(sampleDataset());
  ForgetSetEntry classwise = randomForgetSet(dataset, {42, 7, 59999, 0});
  classwise.kind = ForgetScenario::Class;
  classwise.description = "CLASS 'Sneaker'";
  classwise.classes = {7};
  int64_t id = catalog.insertForgetSet(classwise);

  auto found = catalog.forgetSetById(id);
  ASSERT_TRUE(found.has_value());
  const std::vector<int64_t> sorted = {0, 7, 42, 59999};
  EXPECT_EQ(found->ids, sorted);
  EXPECT_EQ(found->size, 4);
  EXPECT_EQ(found->kind, ForgetScenario::Class);
  EXPECT_EQ(found->description, "CLASS 'Sneaker'");
  EXPECT_EQ(found->classes, std::vector<int64_t>{7});
  EXPECT_EQ(found->dataset_id, dataset);
  EXPECT_EQ(found->ids_sha256.size(), 64u);
  EXPECT_FALSE(found->created_at.empty());
  EXPECT_FALSE(catalog.forgetSetById(id + 1).has_value());
}

TEST(CatalogForgetSets, IdsThatNoLongerMatchTheirHashAreRefused) {
  Catalog catalog(":memory:");
  const int64_t dataset = catalog.insertDataset(sampleDataset());
  const int64_t id = catalog.insertForgetSet(randomForgetSet(dataset, {3, 5, 8}));
  // One id flipped (5 -> 6: the second little-endian int64's low byte): another row would be
  // forgotten in its place.
  ASSERT_EQ(sqlite3_exec(catalog.handle(),
                         ("UPDATE forget_sets SET ids = X'030000000000000006000000000000000800000000000000' WHERE id = " +
                          std::to_string(id))
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  expectCatalogError([&] { catalog.forgetSetById(id); }, "its ids do not match their stored SHA-256");
  // Half the blob with its hash recomputed to match still disagrees with the recorded size.
  const std::string half = "X'03000000000000000500000000000000'";
  ASSERT_EQ(sqlite3_exec(catalog.handle(),
                         ("UPDATE forget_sets SET ids = " + half + ", ids_sha256 = '" +
                          sha256Hex("\x03\0\0\0\0\0\0\0\x05\0\0\0\0\0\0\0", 16) + "' WHERE id = " + std::to_string(id))
                             .c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  expectCatalogError([&] { catalog.forgetSetById(id); }, "holds 2 ids, its size says 3");
}

TEST(CatalogForgetSets, EveryScenarioRoundTripsAndAnUnknownKindIsCorruption) {
  Catalog catalog(":memory:");
  const int64_t dataset = catalog.insertDataset(sampleDataset());
  int64_t first_id = 0;
  for (ForgetScenario scenario :
       {ForgetScenario::Class, ForgetScenario::Random, ForgetScenario::Samples, ForgetScenario::Corrupted}) {
    ForgetSetEntry entry = randomForgetSet(dataset, {static_cast<int64_t>(scenario) + 1});
    entry.kind = scenario;
    const int64_t id = catalog.insertForgetSet(entry);
    if (!first_id) first_id = id;
    EXPECT_EQ(catalog.forgetSetById(id)->kind, scenario) << scenarioName(scenario);
  }
  ASSERT_EQ(sqlite3_exec(catalog.handle(), ("UPDATE forget_sets SET kind = 'clas' WHERE id = " + std::to_string(first_id)).c_str(),
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  expectCatalogError([&] { catalog.forgetSetById(first_id); }, "unknown kind 'clas'");
}

TEST(CatalogForgetSets, FindMatchesDatasetAndExactIds) {
  Catalog catalog(":memory:");
  int64_t dataset = catalog.insertDataset(sampleDataset("a"));
  int64_t other_dataset = catalog.insertDataset(sampleDataset("b"));
  int64_t first = catalog.insertForgetSet(randomForgetSet(dataset, {5, 3, 1}));
  int64_t second = catalog.insertForgetSet(randomForgetSet(dataset, {1, 3}));

  auto hit = catalog.findForgetSet(dataset, {1, 3, 5});
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->id, first);
  EXPECT_EQ(catalog.findForgetSet(dataset, {1, 3})->id, second);
  EXPECT_FALSE(catalog.findForgetSet(other_dataset, {1, 3, 5}).has_value());
  EXPECT_FALSE(catalog.findForgetSet(dataset, {1, 3, 6}).has_value());
  EXPECT_FALSE(catalog.findForgetSet(dataset, {}).has_value());

  auto listed = catalog.listForgetSets();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, first);
  EXPECT_EQ(listed[0].size, 3);
  EXPECT_TRUE(listed[0].ids.empty());  // lists leave the members out
  EXPECT_EQ(listed[1].size, 2);
}

TEST(CatalogForgetSets, LargeSetRoundTrips) {
  Catalog catalog(":memory:");
  int64_t dataset = catalog.insertDataset(sampleDataset());
  std::vector<int64_t> ids;
  for (int64_t i = 59999; i >= 0; i -= 3) ids.push_back(i);
  int64_t id = catalog.insertForgetSet(randomForgetSet(dataset, ids));
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(catalog.forgetSetById(id)->ids, ids);
  EXPECT_EQ(catalog.findForgetSet(dataset, ids)->id, id);
}

class CatalogMasks : public ::testing::Test {
 protected:
  void SetUp() override {
    dataset = catalog.insertDataset(sampleDataset());
    model = catalog.insertModel(sampleModel(dataset));
    version = catalog.insertVersion(sampleVersion(model, 1), patternBytes(4000, 1));
    forget_set = catalog.insertForgetSet(randomForgetSet(dataset, {1, 2, 3}));
  }
  MaskEntry mask(double threshold) const {
    MaskEntry entry;
    entry.version_id = version;
    entry.forget_set_id = forget_set;
    entry.threshold = threshold;
    return entry;
  }
  Catalog catalog{":memory:"};
  int64_t dataset = 0, model = 0, version = 0, forget_set = 0;
};

TEST_F(CatalogMasks, FindMatchesThresholdWithinTolerance) {
  Bytes bits = patternBytes(500, 7);
  int64_t id = catalog.insertMask(mask(0.5), bits);
  auto found = catalog.findMask(version, forget_set, 0.7 - 0.2);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, id);
  EXPECT_DOUBLE_EQ(found->threshold, 0.5);
  EXPECT_EQ(found->sha256, sha256Hex(bits.data(), bits.size()));
  EXPECT_EQ(catalog.loadBlob(found->blob_id), bits);
  EXPECT_TRUE(catalog.findMask(version, forget_set, 0.5 + 1e-12).has_value());
  EXPECT_FALSE(catalog.findMask(version, forget_set, 0.5001).has_value());
  EXPECT_FALSE(catalog.findMask(version, forget_set + 1, 0.5).has_value());
  EXPECT_FALSE(catalog.findMask(version + 1, forget_set, 0.5).has_value());
}

TEST_F(CatalogMasks, MaskForMissingVersionOrForgetSetIsRejected) {
  std::string before = catalog.fingerprint();
  MaskEntry bad_version = mask(0.5);
  bad_version.version_id = version + 10;
  expectCatalogError([&] { catalog.insertMask(bad_version, patternBytes(10, 1)); }, "does not exist");
  MaskEntry bad_set = mask(0.5);
  bad_set.forget_set_id = forget_set + 10;
  expectCatalogError([&] { catalog.insertMask(bad_set, patternBytes(10, 1)); }, "does not exist");
  EXPECT_EQ(catalog.fingerprint(), before);
}

TEST_F(CatalogMasks, DeleteModelRemovesVersionsMasksAndUnsharedBlobs) {
  catalog.insertVersion(sampleVersion(model, 2), patternBytes(4000, 2));
  catalog.insertMask(mask(0.5), patternBytes(300, 3));
  // A second model shares its weights with clf@1: that blob must survive.
  int64_t keeper = catalog.insertModel(sampleModel(dataset, "keeper"));
  int64_t kept_version = catalog.insertVersion(sampleVersion(keeper, 1), patternBytes(4000, 1));
  RunEntry run;
  run.kind = "train";
  run.model_id = model;
  int64_t run_id = catalog.insertRun(run);
  catalog.insertMetric(run_id, "ta", 0.91);
  ASSERT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blobs"), 3);

  catalog.deleteModel(model);
  sqlite3* db = catalog.handle();
  EXPECT_FALSE(catalog.findModel("clf").has_value());
  EXPECT_TRUE(catalog.listVersions(model).empty());
  EXPECT_FALSE(catalog.findMask(version, forget_set, 0.5).has_value());
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM masks"), 0);
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM blobs"), 1);
  EXPECT_EQ(countRows(db, "SELECT count(*) FROM blob_chunks"), 1);
  EXPECT_EQ(catalog.loadBlob(catalog.versionById(kept_version)->weights_blob_id), patternBytes(4000, 1));
  // History stays.
  ASSERT_TRUE(catalog.runById(run_id).has_value());
  EXPECT_EQ(catalog.runById(run_id)->model_id, model);
  EXPECT_EQ(catalog.metricsForRun(run_id).size(), 1u);
  EXPECT_TRUE(catalog.forgetSetById(forget_set).has_value());
}

// Masks stored under schema version 2 summed batch means, so they depended on a batch size
// their key does not hold: opening such a catalog drops them and the blobs only they used,
// and keeps everything else.
TEST(CatalogMaskMigration, VersionTwoMasksAreDroppedAndWeightsKept) {
  TempCatalogPath path;
  int64_t version = 0, forget_set = 0;
  const Bytes weights = patternBytes(4000, 1);
  {
    Catalog catalog(path.str());
    const int64_t dataset = catalog.insertDataset(sampleDataset());
    version = catalog.insertVersion(sampleVersion(catalog.insertModel(sampleModel(dataset)), 1), weights);
    forget_set = catalog.insertForgetSet(randomForgetSet(dataset, {1, 2, 3}));
    MaskEntry mask;
    mask.version_id = version;
    mask.forget_set_id = forget_set;
    mask.threshold = 0.5;
    catalog.insertMask(mask, patternBytes(300, 3));
    ASSERT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blobs"), 2);
    // Back to schema 2: without what schemas 4 to 7 add, and marked as such.
    ASSERT_EQ(sqlite3_exec(catalog.handle(),
                           "ALTER TABLE runs DROP COLUMN calibration_json; DROP INDEX runs_by_status; "
                           "ALTER TABLE runs DROP COLUMN error; ALTER TABLE runs DROP COLUMN owner; "
                           // and schema 6's governance tables and column
                           "DROP TABLE audit_log; DROP TABLE request_models; DROP TABLE requests; "
                           "ALTER TABLE models DROP COLUMN active_version_id; "
                           // and schema 7's sample sets
                           "DROP TABLE sample_sets;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(catalog.handle(), "PRAGMA user_version = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  Catalog catalog(path.str());
  EXPECT_EQ(catalog.schemaVersion(), Catalog::kSchemaVersion);
  EXPECT_FALSE(catalog.findMask(version, forget_set, 0.5).has_value());
  EXPECT_EQ(countRows(catalog.handle(), "SELECT count(*) FROM blobs"), 1);
  EXPECT_EQ(catalog.loadBlob(catalog.versionById(version)->weights_blob_id), weights);
  EXPECT_EQ(catalog.forgetSetById(forget_set)->ids, (std::vector<int64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace lethe::catalog
