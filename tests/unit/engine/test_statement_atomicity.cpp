// A statement that fails while its operators run (here: interrupted mid-training) leaves
// the catalog exactly as it was; a repeated FORGET reuses the stored mask.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "catalog/catalog.hpp"
#include "lethe/lethe.hpp"

namespace fs = std::filesystem;

namespace {

class CatalogFile : public testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("lethe_atomic_" + std::to_string(::getpid()) + "_" +
                                          testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    removeFiles();
  }
  void TearDown() override { removeFiles(); }
  void removeFiles() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  std::string fingerprint() const { return lethe::catalog::Catalog(path_).fingerprint(); }
  int64_t count(const std::string& table) const {
    lethe::catalog::Catalog catalog(path_);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(catalog.handle(), ("SELECT count(*) FROM " + table).c_str(), -1, &stmt, nullptr);
    const int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return n;
  }
  std::string path_;
};

const char* kSetUp =
    "CREATE DATASET f FROM BUILTIN 'fashion-mnist';"
    "CREATE DATASET s AS SUBSET OF f WITH (train = 400, test = 100, seed = 1);";

}  // namespace

TEST_F(CatalogFile, InterruptedStatementWritesNothing) {
  lethe::Database db(path_);
  lethe::Connection con(db);
  ASSERT_TRUE(con.query(kSetUp).ok());
  const std::string before = fingerprint();
  con.setProgressHandler([&](const lethe::Progress&) { con.interrupt(); });
  const auto r = con.query("CREATE MODEL m ARCH mlp ON s WITH (epochs = 3, batch_size = 16);");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("Interrupted", 0), 0u) << r.error();
  EXPECT_EQ(before, fingerprint());
  // The run log says what happened: the run was recorded when it started, then cancelled.
  EXPECT_EQ(count("runs WHERE status = 'cancelled' AND error LIKE 'Interrupted%'"), 1);
  EXPECT_EQ(count("runs WHERE status <> 'cancelled'"), 0);
  con.setProgressHandler({});
  EXPECT_TRUE(con.query("CREATE MODEL m ARCH mlp ON s WITH (epochs = 1);").ok());  // the flag was reset
  EXPECT_EQ(count("runs WHERE status = 'ok'"), 1);
  // A statement that fails to bind never started a run; IF NOT EXISTS that skips stores none.
  EXPECT_FALSE(con.query("CREATE MODEL m2 ARCH mpl ON s;").ok());
  EXPECT_TRUE(con.query("CREATE MODEL IF NOT EXISTS m ARCH mlp ON s;").ok());
  EXPECT_EQ(count("runs"), 2);
}

TEST_F(CatalogFile, ForgetWritesOneVersionAndReusesItsMask) {
  lethe::Database db(path_);
  lethe::Connection con(db);
  ASSERT_TRUE(con.query(kSetUp).ok());
  ASSERT_TRUE(con.query("CREATE MODEL m ARCH mlp ON s WITH (epochs = 1);").ok());
  auto r = con.query("FORGET CLASS 'Bag' FROM m@1 USING salun WITH (epochs = 1) EVALUATE ua;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(count("model_versions"), 2);
  EXPECT_EQ(count("masks"), 1);
  EXPECT_EQ(count("forget_sets"), 1);
  r = con.query("FORGET CLASS 'Bag' FROM m@1 USING salun WITH (epochs = 1) EVALUATE ua;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(count("model_versions"), 3);
  EXPECT_EQ(count("masks"), 1);        // same version, forget set and threshold: reused
  EXPECT_EQ(count("forget_sets"), 1);  // the same rows: reused
  r = con.query("FORGET CLASS 'Bag' FROM m@1 USING salun THRESHOLD 0.3 WITH (epochs = 1) EVALUATE ua;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(count("masks"), 2);
}

// An interrupt that arrives while the unlearned model is evaluated — after every training
// batch — still cancels: nothing is stored and the run is logged as cancelled.
TEST_F(CatalogFile, InterruptDuringTheFinalEvaluationCancels) {
  lethe::Database db(path_);
  lethe::Connection con(db);
  ASSERT_TRUE(con.query(kSetUp).ok());
  ASSERT_TRUE(con.query("CREATE MODEL m ARCH mlp ON s WITH (epochs = 1);").ok());
  const std::string before = fingerprint();
  con.setProgressHandler([&](const lethe::Progress& p) {
    if (p.op == "evaluate") con.interrupt();
  });
  const auto r = con.query("FORGET CLASS 'Bag' FROM m USING ft WITH (epochs = 1, calibrate = false) EVALUATE ua, mia;");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("Interrupted", 0), 0u) << r.error();
  EXPECT_EQ(before, fingerprint());
  EXPECT_EQ(count("model_versions"), 1);
  EXPECT_EQ(count("runs WHERE status = 'cancelled'"), 1);
  // The audit log records the statement as interrupted (and nothing else changed).
  EXPECT_EQ(count("audit_log WHERE statement LIKE 'FORGET%' AND result = 'Interrupted'"), 1);
  EXPECT_EQ(count("audit_log WHERE statement LIKE 'FORGET%'"), 1);
}
