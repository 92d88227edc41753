// Bad files: a catalog that is not SQLite or is too new, missing or truncated IDX data.
// Each gives a clear error and changes nothing.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "catalog/catalog.hpp"
#include "lethe/lethe.hpp"

namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("lethe_engine_" + std::to_string(::getpid()) + "_" +
                                                  testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

void writeFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string be32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// A tiny valid IDX dataset: `n` train and test images of 4x4 with labels 0..2.
void writeIdx(const fs::path& dir, uint32_t n, bool truncate_train_images = false) {
  fs::create_directories(dir);
  for (const std::string split : {"train", "t10k"}) {
    std::string images = be32(0x00000803) + be32(n) + be32(4) + be32(4);
    std::string labels = be32(0x00000801) + be32(n);
    for (uint32_t i = 0; i < n; ++i) {
      images += std::string(16, static_cast<char>(i * 7));
      labels += static_cast<char>(i % 3);
    }
    if (truncate_train_images && split == "train") images.resize(images.size() - 10);
    writeFile(dir / (split + "-images-idx3-ubyte"), images);
    writeFile(dir / (split + "-labels-idx1-ubyte"), labels);
  }
}

}  // namespace

TEST(BadFiles, CatalogThatIsNotSqlite) {
  TempDir dir;
  writeFile(dir / "notes.db", "these are my notes, not a database\n");
  lethe::Database db((dir / "notes.db").string());
  EXPECT_FALSE(db.ok());
  EXPECT_NE(db.error().find("not a Lethe catalog"), std::string::npos) << db.error();
  lethe::Connection con(db);
  auto r = con.query("SHOW MODELS;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("Catalog Error"), std::string::npos);
  std::ifstream in(dir / "notes.db");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "these are my notes, not a database\n");
}

TEST(BadFiles, CatalogWithNewerSchema) {
  TempDir dir;
  const auto path = (dir / "future.db").string();
  { lethe::catalog::Catalog catalog(path); }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99;", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  lethe::Database db(path);
  EXPECT_FALSE(db.ok());
  EXPECT_NE(db.error().find("99"), std::string::npos) << db.error();
}

TEST(BadFiles, AReadOnlyCatalogIsReadAndRefusesWritesBeforeComputing) {
  TempDir dir;
  const auto path = (dir / "shared.db").string();
  {
    lethe::Database db(path);
    lethe::Connection con(db);
    ASSERT_TRUE(con.query("CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';").ok());
  }
  const auto size = fs::file_size(path);
  lethe::Database db(path, lethe::OpenMode::ReadOnly);
  ASSERT_TRUE(db.ok()) << db.error();
  EXPECT_TRUE(db.readOnly());
  lethe::Connection con(db);
  const lethe::Result shown = con.query("SHOW DATASETS;");
  ASSERT_TRUE(shown.ok()) << shown.error();
  EXPECT_EQ(shown.rowCount(), 1u);
  for (const char* sql : {"CREATE DATASET s AS SUBSET OF fmnist WITH (train = 100, test = 50);", "DROP DATASET fmnist;",
                          "EXPLAIN ANALYZE CREATE DATASET s AS SUBSET OF fmnist;"}) {
    const lethe::Result r = con.query(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_NE(r.error().find("is read-only"), std::string::npos) << r.error();
  }
  EXPECT_TRUE(con.query("EXPLAIN CREATE DATASET s AS SUBSET OF fmnist;").ok());
  EXPECT_EQ(con.query("SHOW DATASETS;").rowCount(), 1u);
  EXPECT_EQ(fs::file_size(path), size);
  // Nothing to read: a missing file is not created.
  lethe::Database missing((dir / "absent.db").string(), lethe::OpenMode::ReadOnly);
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.error().find("does not exist"), std::string::npos) << missing.error();
  EXPECT_FALSE(fs::exists(dir / "absent.db"));
}

TEST(BadFiles, MissingIdxFile) {
  TempDir dir;
  writeIdx(dir / "data", 12);
  fs::remove(dir / "data" / "t10k-labels-idx1-ubyte");
  lethe::Database db((dir / "c.db").string());
  lethe::Connection con(db);
  const auto before = lethe::catalog::Catalog((dir / "c.db").string()).fingerprint();
  auto r = con.query("CREATE DATASET d FROM '" + (dir / "data").string() + "' FORMAT idx;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("t10k-labels-idx1-ubyte"), std::string::npos) << r.error();
  EXPECT_EQ(before, lethe::catalog::Catalog((dir / "c.db").string()).fingerprint());
}

TEST(BadFiles, TruncatedIdxFile) {
  TempDir dir;
  writeIdx(dir / "data", 12, /*truncate_train_images=*/true);
  lethe::Database db((dir / "c.db").string());
  lethe::Connection con(db);
  auto r = con.query("CREATE DATASET d FROM '" + (dir / "data").string() + "' FORMAT idx;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("truncated"), std::string::npos) << r.error();
  EXPECT_TRUE(con.query("SHOW DATASETS;").rows().empty());
}

TEST(BadFiles, ValidIdxDirectoryLoadsAndTrains) {
  TempDir dir;
  writeIdx(dir / "data", 30);
  lethe::Database db((dir / "c.db").string());
  lethe::Connection con(db);
  auto r = con.query("CREATE DATASET d FROM '" + (dir / "data").string() + "' FORMAT idx;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "train").integer(), 30);
  EXPECT_EQ(r.at(0, "classes").integer(), 3);
  EXPECT_EQ(r.at(0, "shape").text(), "1x4x4");
  r = con.query("CREATE MODEL m ARCH mlp ON d WITH (epochs = 1); FORGET CLASS '2' FROM m USING retrain;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "model").text(), "m@2");
}

TEST(BadFiles, DatasetFilesChangedAfterCreateAreRefused) {
  TempDir dir;
  writeIdx(dir / "data", 30);
  lethe::Database db((dir / "c.db").string());
  lethe::Connection con(db);
  ASSERT_TRUE(con.query("CREATE DATASET d FROM '" + (dir / "data").string() + "' FORMAT idx;").ok());
  // The same number of rows and the same shape, other labels: only the content hash can tell.
  std::string labels = be32(0x00000801) + be32(30);
  for (uint32_t i = 0; i < 30; ++i) labels += static_cast<char>((i + 1) % 3);
  writeFile(dir / "data" / "train-labels-idx1-ubyte", labels);
  const lethe::Result r = con.query("CREATE MODEL m ARCH mlp ON d WITH (epochs = 1);");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("have changed since CREATE DATASET"), std::string::npos) << r.error();
}

TEST(BadFiles, IdxClassesAreNamedByANamesFile) {
  TempDir dir;
  writeIdx(dir / "data", 30);
  lethe::Database db((dir / "c.db").string());
  lethe::Connection con(db);
  const std::string create = "CREATE DATASET d FROM '" + (dir / "data").string() + "' FORMAT idx WITH (class_names = '";
  writeFile(dir / "two.txt", "cat\ndog\n");
  lethe::Result r = con.query(create + (dir / "two.txt").string() + "');");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("names 2 classes, but the labels in"), std::string::npos) << r.error();
  writeFile(dir / "twice.txt", "cat\ndog\ncat\n");
  r = con.query(create + (dir / "twice.txt").string() + "');");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("names 'cat' twice (line 3)"), std::string::npos) << r.error();
  r = con.query(create + "/dev/zero');");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("it is not a regular file"), std::string::npos) << r.error();
  writeFile(dir / "long.txt", std::string(5000, 'x'));
  r = con.query(create + (dir / "long.txt").string() + "');");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("line 1 is longer than 200 characters"), std::string::npos) << r.error();
  EXPECT_EQ(con.query("SHOW DATASETS;").rowCount(), 0u);

  writeFile(dir / "names.txt", "cat\r\ndog\r\nbird\r\n\n");
  r = con.query(create + (dir / "names.txt").string() + "');");
  ASSERT_TRUE(r.ok()) << r.error();
  r = con.query("CREATE MODEL m ARCH mlp ON d WITH (epochs = 1); FORGET CLASS 'bird' FROM m USING retrain;");
  ASSERT_TRUE(r.ok()) << r.error();
  r = con.query("FORGET CLASS 'brid' FROM m USING retrain;");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("Did you mean 'bird'?"), std::string::npos) << r.error();
}

TEST(BadFiles, CudaDeviceWithoutCudaIsAClearError) {
  lethe::Database db;
  lethe::Connection con(db);
  auto r = con.query("SET device = 'cuda';");
  if (r.ok()) GTEST_SKIP() << "CUDA is available here";
  EXPECT_NE(r.error().find("device 'cuda' is not available"), std::string::npos) << r.error();
}
