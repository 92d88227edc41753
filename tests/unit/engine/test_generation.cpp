// SAMPLE through the embedding API: the same seed gives the same images, stored samples survive
// their cache files and a reopened catalog, DROP DATASET takes their images, a PNG is written,
// and a read-only catalog still draws to a file. One tiny generator (8x8, 20 steps) for all.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catalog/catalog.hpp"
#include "lethe/lethe.hpp"
#include "planner/sample_dataset.hpp"

namespace fs = std::filesystem;

namespace {

class GenerationEngineTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("lethe_generation_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    lethe::Database db(catalogPath());
    lethe::Connection con(db);
    for (const char* statement :
         {"CREATE DATASET f FROM BUILTIN 'fashion-mnist';",
          "CREATE DATASET s AS SUBSET OF f WITH (train = 300, test = 100, seed = 1);",
          "CREATE MODEL gen ARCH ddpm ON s WITH (steps = 20, batch_size = 16, channels = 8, resolution = 8, seed = 1);"}) {
      const auto r = con.query(statement);
      ASSERT_TRUE(r.ok()) << statement << ": " << r.error();
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string catalogPath() { return (dir_ / "g.db").string(); }

  // DESCRIBE DATASET's value of `property`.
  static std::string describe(lethe::Connection& con, const std::string& dataset, const std::string& property) {
    const auto r = con.query("DESCRIBE DATASET " + dataset + ";");
    EXPECT_TRUE(r.ok()) << r.error();
    for (const auto& row : r.rows())
      if (row[0].toString() == property) return row[1].toString();
    ADD_FAILURE() << "no property " << property;
    return "";
  }

  static int64_t blobs() {
    lethe::catalog::Catalog catalog(catalogPath());
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(catalog.handle(), "SELECT count(*) FROM blobs", -1, &stmt, nullptr);
    const int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return n;
  }

  static fs::path dir_;
};

fs::path GenerationEngineTest::dir_;

TEST_F(GenerationEngineTest, TheSameSeedDrawsTheSameImages) {
  lethe::Database db(catalogPath());
  lethe::Connection con(db);
  for (const char* statement : {"SAMPLE 2 FROM gen WITH (steps = 4, seed = 7) INTO same_a;",
                                "SAMPLE 2 FROM gen WITH (steps = 4, seed = 7) INTO same_b;",
                                "SAMPLE 2 FROM gen WITH (steps = 4, seed = 8) INTO other;"}) {
    const auto r = con.query(statement);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r.at(0, "images").integer(), 20);
  }
  EXPECT_EQ(describe(con, "same_a", "content sha256"), describe(con, "same_b", "content sha256"));
  EXPECT_NE(describe(con, "same_a", "content sha256"), describe(con, "other", "content sha256"));
}

// The catalog holds the images; the IDX files the loaders read are re-made from it whenever
// they are gone or altered, in this process or the next.
TEST_F(GenerationEngineTest, StoredSamplesSurviveTheirFilesAndAReopenedCatalog) {
  std::string hash;
  {
    lethe::Database db(catalogPath());
    lethe::Connection con(db);
    ASSERT_TRUE(con.query("SAMPLE 3 FROM gen CLASS 'Bag' WITH (steps = 3) INTO bags;").ok());
    hash = describe(con, "bags", "content sha256");
    const auto trained = con.query("CREATE MODEL on_bags ARCH mlp ON bags WITH (epochs = 1);");
    ASSERT_TRUE(trained.ok()) << trained.error();
  }
  const fs::path files = lethe::planner::sampleFilesDirectory(hash);
  ASSERT_TRUE(lethe::planner::sampleFilesPresent(hash));
  fs::remove_all(files);
  {
    lethe::Database db(catalogPath());
    lethe::Connection con(db);
    const auto trained = con.query("CREATE MODEL on_bags_2 ARCH mlp ON bags WITH (epochs = 1);");
    ASSERT_TRUE(trained.ok()) << trained.error();
    EXPECT_TRUE(lethe::planner::sampleFilesPresent(hash));
    // An altered file is replaced too, not reported as a changed dataset.
    std::ofstream(files / "train-labels-idx1-ubyte", std::ios::binary | std::ios::app) << 'x';
    EXPECT_FALSE(lethe::planner::sampleFilesPresent(hash));
    const auto evaluated = con.query("EVALUATE MODEL on_bags_2;");
    ASSERT_TRUE(evaluated.ok()) << evaluated.error();
    EXPECT_TRUE(lethe::planner::sampleFilesPresent(hash));
  }
}

TEST_F(GenerationEngineTest, DropDatasetTakesTheStoredImages) {
  lethe::Database db(catalogPath());
  lethe::Connection con(db);
  const int64_t before = blobs();
  ASSERT_TRUE(con.query("SAMPLE 1 FROM gen WITH (steps = 2, seed = 99) INTO dropped;").ok());
  EXPECT_EQ(blobs(), before + 1);
  ASSERT_TRUE(con.query("DROP DATASET dropped;").ok());
  EXPECT_EQ(blobs(), before);
}

// A SAMPLE that stores a dataset changes the catalog and is audited like any such statement;
// one that writes a PNG reads the catalog only.
TEST_F(GenerationEngineTest, StoringSamplesIsAudited) {
  lethe::Database db(catalogPath());
  lethe::Connection con(db);
  auto entries = [&] { return con.query("SHOW AUDIT;").rowCount(); };
  const size_t before = entries();
  ASSERT_TRUE(con.query("SAMPLE 1 FROM gen WITH (steps = 2) INTO '" + (dir_ / "audit.png").string() + "';").ok());
  EXPECT_EQ(entries(), before);
  ASSERT_TRUE(con.query("SAMPLE 1 FROM gen WITH (steps = 2) INTO audited;").ok());
  EXPECT_FALSE(con.query("SAMPLE 1 FROM gen CLASS 'Bags';").ok());  // refused ones are in the log too
  const auto audit = con.query("SHOW AUDIT;");
  ASSERT_EQ(audit.rowCount(), before + 2);
  EXPECT_EQ(audit.at(before, "kind").text(), "SAMPLE");
  EXPECT_EQ(audit.at(before, "result").text(), "ok");
  EXPECT_EQ(audit.at(before + 1, "result").text(), "Binder Error");
}

TEST_F(GenerationEngineTest, IntoAFileWritesAPngAndWorksOnAReadOnlyCatalog) {
  const fs::path grid = dir_ / "grid.png";
  lethe::Database db(catalogPath(), lethe::OpenMode::ReadOnly);
  lethe::Connection con(db);
  const auto r = con.query("SAMPLE 2 FROM gen WITH (steps = 3) INTO '" + grid.string() + "';");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "path").text(), grid.string());
  EXPECT_EQ(r.at(0, "images").integer(), 20);
  std::ifstream in(grid, std::ios::binary);
  char signature[8] = {};
  in.read(signature, 8);
  EXPECT_EQ(std::string(signature, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // Storing the samples would write the catalog: refused before anything is drawn.
  const auto stored = con.query("SAMPLE 2 FROM gen INTO kept;");
  EXPECT_FALSE(stored.ok());
  EXPECT_EQ(stored.errorCode(), lethe::ErrorCode::ReadOnly) << stored.error();
}

}  // namespace
