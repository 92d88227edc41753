#pragma once
// Helpers for the C API tests: a temporary directory per test, statements run through
// lethe_exec, result tables read through prepare/step, and a small trained catalog.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "lethe/lethe.h"

namespace capi_test {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() / ("lethe_capi_" + std::to_string(::getpid()) + "_" +
                                           testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path_, ignored);
  }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs `sql` through lethe_exec; the message on failure.
inline ::testing::AssertionResult execOk(lethe_db* db, const std::string& sql) {
  char* error = nullptr;
  const int rc = lethe_exec(db, sql.c_str(), nullptr, nullptr, &error);
  if (rc == LETHE_OK) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure() << sql << " -> " << rc << ": " << (error ? error : "(no message)");
  lethe_free(error);
  return failure;
}

// Every row of a statement's result as "cell|cell|...", read with prepare/step/column_text.
inline std::vector<std::string> rowsOf(lethe_db* db, const std::string& sql) {
  std::vector<std::string> rows;
  lethe_stmt* stmt = nullptr;
  EXPECT_EQ(lethe_prepare(db, sql.c_str(), -1, &stmt, nullptr), LETHE_OK) << lethe_errmsg(db);
  int rc;
  while ((rc = lethe_step(stmt)) == LETHE_ROW) {
    std::string row;
    for (int c = 0; c < lethe_column_count(stmt); ++c) {
      const char* text = lethe_column_text(stmt, c);
      row += (c ? "|" : "") + std::string(text ? text : "NULL");
    }
    rows.push_back(row);
  }
  EXPECT_EQ(rc, LETHE_DONE) << sql << ": " << lethe_errmsg(db);
  lethe_finalize(stmt);
  return rows;
}

// What a failed statement must leave unchanged: datasets, models, versions, forget sets.
// (Runs are left out: a cancelled run may be recorded as such.)
inline std::vector<std::string> catalogState(lethe_db* db) {
  std::vector<std::string> state;
  for (const char* sql : {"SHOW DATASETS;", "SHOW MODELS;", "SHOW VERSIONS OF clf;", "SHOW FORGET SETS;"}) {
    state.push_back(std::string("-- ") + sql);
    for (auto& row : rowsOf(db, sql)) state.push_back(row);
  }
  return state;
}

// A catalog at `path` with a small Fashion-MNIST subset and a one-epoch mlp `clf`:
// seconds to build, and enough for a FORGET.
inline void makeTrainedCatalog(const std::string& path) {
  lethe_db* db = nullptr;
  ASSERT_EQ(lethe_open(path.c_str(), &db), LETHE_OK) << lethe_errmsg(db);
  ASSERT_TRUE(execOk(db,
                     "SET threads = 2;"
                     "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"
                     "CREATE DATASET small AS SUBSET OF fm WITH (train = 400, test = 200, seed = 1);"
                     "CREATE MODEL clf ARCH mlp ON small WITH (epochs = 1, lr = 0.05, batch_size = 64, seed = 1);"));
  ASSERT_EQ(lethe_close(db), LETHE_OK);
}

}  // namespace capi_test
