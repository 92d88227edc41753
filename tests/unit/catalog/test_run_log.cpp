// The run log: runs recorded when they start, completed by their commit, ended as failed or
// cancelled, removed when they stored nothing, and reaped when their process died.
#include <sqlite3.h>
#include <unistd.h>

#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::patternBytes;
using testing::sampleDataset;
using testing::sampleModel;
using testing::sampleVersion;
using testing::TempCatalogPath;

TEST(CatalogRunLog, AStartedRunIsCompletedByItsCommit) {
  Catalog catalog(":memory:");
  const int64_t id = catalog.beginRun("train", "CREATE MODEL m ...;", "");
  auto started = catalog.runById(id);
  ASSERT_TRUE(started.has_value());
  EXPECT_EQ(started->status, kRunRunning);
  EXPECT_NE(started->owner.find(":" + std::to_string(getpid()) + ":"), std::string::npos) << started->owner;
  const std::string before = catalog.fingerprint();  // a running run is log, not contents

  const int64_t dataset = catalog.insertDataset(sampleDataset());
  const int64_t model = catalog.insertModel(sampleModel(dataset));
  RunEntry run;
  run.id = id;
  run.kind = "train";
  run.model_id = model;
  run.seconds = 2.5;
  VersionEntry version = sampleVersion(model, 1);
  const auto stored = catalog.insertVersionWithRun(run, version, patternBytes(64, 3), {{"test_acc", 80.0}});
  EXPECT_EQ(stored.run_id, id);
  const auto done = catalog.runById(id);
  EXPECT_EQ(done->status, kRunOk);
  EXPECT_EQ(done->result_version_id, stored.version_id);
  EXPECT_NE(before, catalog.fingerprint());
  // A run that is no longer running cannot be completed twice.
  EXPECT_THROW(catalog.insertRun(run), Error);
}

TEST(CatalogRunLog, FailedAndCancelledRunsKeepTheirErrorAndLeaveTheContents) {
  Catalog catalog(":memory:");
  const std::string before = catalog.fingerprint();
  const int64_t failed = catalog.beginRun("forget", "FORGET ...;", "");
  const int64_t cancelled = catalog.beginRun("train", "CREATE MODEL ...;", "");
  catalog.endRun(failed, kRunFailed, "Execution Error: diverged", 1.5);
  catalog.endRun(cancelled, kRunCancelled, "Interrupted: statement cancelled", 0.5);
  EXPECT_EQ(catalog.runById(failed)->status, kRunFailed);
  EXPECT_EQ(catalog.runById(failed)->error, "Execution Error: diverged");
  EXPECT_EQ(catalog.runById(cancelled)->status, kRunCancelled);
  EXPECT_EQ(before, catalog.fingerprint());
  // Ending is only for running runs: a finished one keeps its status.
  catalog.endRun(failed, kRunCancelled, "late", 0);
  EXPECT_EQ(catalog.runById(failed)->status, kRunFailed);
}

TEST(CatalogRunLog, ARunThatStoredNothingIsDiscarded) {
  Catalog catalog(":memory:");
  const int64_t id = catalog.beginRun("train", "CREATE MODEL IF NOT EXISTS ...;", "");
  catalog.discardStartedRun(id);
  EXPECT_FALSE(catalog.runById(id).has_value());
}

TEST(CatalogRunLog, RunsOfADeadProcessAreReapedWhenTheCatalogIsOpened) {
  TempCatalogPath path("run_log_reap");
  int64_t dead = 0, alive = 0, elsewhere = 0;
  {
    Catalog catalog(path.str());
    dead = catalog.beginRun("forget", "FORGET ...;", "");
    alive = catalog.beginRun("forget", "FORGET ...;", "");
    elsewhere = catalog.beginRun("forget", "FORGET ...;", "");
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    // No process has pid 2^22 + 1 (beyond Linux's pid_max), so its owner is dead; a run of
    // another host is never judged from here.
    const std::string sql = "UPDATE runs SET owner = '" + std::string(host) + ":4194305:1' WHERE id = " +
                            std::to_string(dead) + "; UPDATE runs SET owner = 'other-host:1:1' WHERE id = " +
                            std::to_string(elsewhere) + ";";
    ASSERT_EQ(sqlite3_exec(catalog.handle(), sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  }
  Catalog reopened(path.str());
  EXPECT_EQ(reopened.runById(dead)->status, kRunFailed);
  EXPECT_NE(reopened.runById(dead)->error.find("ended before it finished"), std::string::npos);
  EXPECT_EQ(reopened.runById(alive)->status, kRunRunning);  // this process still runs it
  EXPECT_EQ(reopened.runById(elsewhere)->status, kRunRunning);
}

TEST(CatalogRunLog, AWriteLockHeldPastTheBusyTimeoutIsCatalogBusy) {
  TempCatalogPath path("run_log_busy");
  Catalog holder(path.str());
  Catalog waiter(path.str());
  waiter.setBusyTimeout(100);
  ASSERT_EQ(sqlite3_exec(holder.handle(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  try {
    waiter.beginRun("train", "CREATE MODEL ...;", "");
    ADD_FAILURE() << "the write lock is held";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("catalog busy"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("busy_timeout"), std::string::npos) << e.what();
  }
  ASSERT_EQ(sqlite3_exec(holder.handle(), "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_GT(waiter.beginRun("train", "CREATE MODEL ...;", ""), 0);
}

}  // namespace
}  // namespace lethe::catalog
