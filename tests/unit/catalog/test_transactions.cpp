// Transactions and the fingerprint that proves a failed statement changed nothing.
#include <sqlite3.h>

#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::patternBytes;
using testing::sampleDataset;
using testing::sampleModel;
using testing::sampleVersion;
using testing::TempCatalogPath;

// What the engine does for a FORGET statement, in one transaction.
void writeForgetResult(Catalog& catalog, int64_t model) {
  ForgetSetEntry set;
  set.dataset_id = catalog.findModel("clf")->dataset_id;
  set.kind = ForgetScenario::Random;
  set.ids = {3, 1, 2};
  int64_t forget_set = catalog.insertForgetSet(set);
  RunEntry run;
  run.kind = "forget";
  run.method = "salun";
  run.forget_set_id = forget_set;
  int64_t run_id = catalog.insertRun(run);
  VersionEntry version = sampleVersion(model, 2);
  version.run_id = run_id;
  int64_t version_id = catalog.insertVersion(version, patternBytes(3000, 2));
  catalog.setRunResultVersion(run_id, version_id);
  catalog.insertMetric(run_id, "ua", 0.97);
  MaskEntry mask;
  mask.version_id = version_id;
  mask.forget_set_id = forget_set;
  catalog.insertMask(mask, patternBytes(100, 3));
}

class CatalogTransactions : public ::testing::Test {
 protected:
  void SetUp() override {
    model = catalog.insertModel(sampleModel(catalog.insertDataset(sampleDataset())));
    catalog.insertVersion(sampleVersion(model, 1), patternBytes(3000, 1));
  }
  TempCatalogPath path;
  Catalog catalog{path.str()};
  int64_t model = 0;
};

TEST_F(CatalogTransactions, RollbackLeavesFingerprintUnchanged) {
  const std::string before = catalog.fingerprint();
  {
    Catalog::Transaction transaction(catalog);
    writeForgetResult(catalog, model);
    EXPECT_NE(catalog.fingerprint(), before);  // visible inside the transaction
  }  // no commit: rolled back
  EXPECT_EQ(catalog.fingerprint(), before);
  EXPECT_FALSE(catalog.findVersion(model, 2).has_value());
  EXPECT_TRUE(catalog.listRuns().empty());
}

TEST_F(CatalogTransactions, ExceptionMidwayRollsBackEverything) {
  const std::string before = catalog.fingerprint();
  try {
    Catalog::Transaction transaction(catalog);
    writeForgetResult(catalog, model);
    catalog.insertModel(sampleModel(1, "clf"));  // duplicate name: throws
    transaction.commit();
    FAIL() << "the duplicate model name was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Catalog);
  }
  EXPECT_EQ(catalog.fingerprint(), before);
}

TEST_F(CatalogTransactions, CommitChangesFingerprintAndPersists) {
  const std::string before = catalog.fingerprint();
  {
    Catalog::Transaction transaction(catalog);
    writeForgetResult(catalog, model);
    transaction.commit();
  }
  const std::string after = catalog.fingerprint();
  EXPECT_NE(after, before);
  EXPECT_EQ(catalog.fingerprint(), after);  // deterministic
  Catalog reopened(path.str());
  EXPECT_EQ(reopened.fingerprint(), after);
  EXPECT_TRUE(reopened.findVersion(model, 2).has_value());
}

TEST_F(CatalogTransactions, FingerprintSeesASingleChangedByte) {
  const std::string before = catalog.fingerprint();
  ASSERT_EQ(sqlite3_exec(catalog.handle(), "UPDATE models SET arch = 'cnN'", nullptr, nullptr, nullptr), SQLITE_OK);
  const std::string changed = catalog.fingerprint();
  EXPECT_NE(changed, before);
  ASSERT_EQ(sqlite3_exec(catalog.handle(), "UPDATE models SET arch = 'cnn'", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(catalog.fingerprint(), before);
}

TEST_F(CatalogTransactions, TransactionBlocksAnotherWriter) {
  Catalog other(path.str());
  Catalog::Transaction transaction(catalog);
  // BEGIN IMMEDIATE takes the write lock at once; a second writer waits its busy timeout,
  // so shorten it here to keep the test fast.
  sqlite3_busy_timeout(other.handle(), 50);
  EXPECT_THROW(Catalog::Transaction second(other), Error);
  transaction.commit();
  Catalog::Transaction after_commit(other);
  after_commit.commit();
}

}  // namespace
}  // namespace lethe::catalog
