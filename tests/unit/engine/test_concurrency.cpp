// Two processes on one catalog (docs/concurrency.md): a reader never waits for a writer's
// computation, racing writers both store their result once, a model dropped under a running
// FORGET is reported as such, and a process killed at any point — mid-computation or
// mid-commit — leaves an intact, consistent catalog whose run log says what happened.
// The other process is the `lethe` program itself (LETHE_SHELL), as a user would run it.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "catalog/catalog.hpp"
#include "lethe/lethe.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// `lethe <catalog> -c <statement>` in the background, its output in a file.
class ShellProcess {
 public:
  ShellProcess(const std::string& catalog, const std::string& statement, const std::string& output) : output_(output) {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      execl(LETHE_SHELL, LETHE_SHELL, "--no-progress", catalog.c_str(), "-c", statement.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~ShellProcess() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  void kill9() {
    kill(pid_, SIGKILL);
    wait();
  }
  int wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string output() const {
    std::ifstream in(output_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string output_;
};

class TwoProcesses : public testing::Test {
 protected:
  void SetUp() override {
    const std::string stem = std::string("lethe_conc_") + std::to_string(getpid()) + "_" +
                             testing::UnitTest::GetInstance()->current_test_info()->name();
    path_ = (fs::temp_directory_path() / (stem + ".db")).string();
    log_ = (fs::temp_directory_path() / (stem + ".out")).string();
    removeFiles();
    lethe::Database db(path_);
    lethe::Connection con(db);
    const auto r = con.query(
        "CREATE DATASET f FROM BUILTIN 'fashion-mnist';"
        "CREATE DATASET s AS SUBSET OF f WITH (train = 600, test = 200, seed = 1);"
        "CREATE MODEL m ARCH mlp ON s WITH (epochs = 1);");
    ASSERT_TRUE(r.ok()) << r.error();
  }
  void TearDown() override { removeFiles(); }
  void removeFiles() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
    fs::remove(log_);
  }
  int64_t count(const std::string& sql) const {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_busy_timeout(db, 10000);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    const int64_t n = stmt && sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return n;
  }
  // Waits until the other process has recorded its run as started (it is computing).
  bool waitForRunningRun() const {
    const auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
      if (count("SELECT count(*) FROM runs WHERE status = 'running'") > 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  // Intact (SQLite's own check) and consistent: every version has its blob and a finished
  // run that names it, every finished forget run its version, and no run is left 'running'.
  void expectIntactAndConsistent() const {
    lethe::catalog::Catalog catalog(path_);  // opening reaps runs of dead processes
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(catalog.handle(), "PRAGMA integrity_check", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ok");
    sqlite3_finalize(stmt);
    EXPECT_EQ(count("SELECT count(*) FROM model_versions v LEFT JOIN blobs b ON b.id = v.weights_blob_id WHERE b.id IS NULL"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM model_versions v JOIN runs r ON r.id = v.run_id "
                    "WHERE r.status <> 'ok' OR r.result_version_id <> v.id"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'ok' AND kind = 'forget' AND result_version_id IS NULL"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'running'"), 0);
  }
  std::string path_, log_;
};

const char* kLongForget = "FORGET RANDOM 10 PERCENT FROM m USING ft WITH (epochs = 400, calibrate = false) EVALUATE ua;";

TEST_F(TwoProcesses, AReaderDoesNotWaitForAWritersComputation) {
  ShellProcess writer(path_, kLongForget, log_);
  ASSERT_TRUE(waitForRunningRun()) << writer.output();
  lethe::Database db(path_);
  lethe::Connection con(db);
  const auto start = Clock::now();
  for (const char* statement : {"SHOW MODELS;", "DESCRIBE MODEL m;", "SHOW RUNS;", "SHOW FORGET SETS;"}) {
    const auto r = con.query(statement);
    EXPECT_TRUE(r.ok()) << statement << ": " << r.error();
  }
  // The writer computes for far longer; the reads returned without waiting for it.
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 5.0);
  EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'running'"), 1);  // still computing
  writer.kill9();
  expectIntactAndConsistent();
  EXPECT_EQ(count("SELECT count(*) FROM runs WHERE status = 'failed'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM model_versions"), 1);
}

TEST_F(TwoProcesses, AModelDroppedUnderARunningForgetIsSaidSo) {
  ShellProcess writer(path_, "FORGET RANDOM 10 PERCENT FROM m USING ft WITH (epochs = 60, calibrate = false) EVALUATE ua;", log_);
  ASSERT_TRUE(waitForRunningRun()) << writer.output();
  lethe::Database db(path_);
  lethe::Connection con(db);
  const auto dropped = con.query("DROP MODEL m;");
  ASSERT_TRUE(dropped.ok()) << dropped.error();
  EXPECT_EQ(writer.wait(), 1);
  EXPECT_NE(writer.output().find("was dropped by another connection while this statement ran"), std::string::npos)
      << writer.output();
  expectIntactAndConsistent();
  EXPECT_EQ(count("SELECT count(*) FROM models"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM forget_sets"), 0);
}

TEST_F(TwoProcesses, RacingForgetsOfOneSetStoreItOnce) {
  const char* forget = "FORGET RANDOM 10 PERCENT SEED 7 FROM m USING ft WITH (epochs = 2, calibrate = false) EVALUATE ua;";
  ShellProcess first(path_, forget, log_ + "1");
  ShellProcess second(path_, forget, log_ + "2");
  EXPECT_EQ(first.wait(), 0) << first.output();
  EXPECT_EQ(second.wait(), 0) << second.output();
  fs::remove(log_ + "1");
  fs::remove(log_ + "2");
  expectIntactAndConsistent();
  EXPECT_EQ(count("SELECT count(*) FROM model_versions"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM forget_sets"), 1);
}

// Killed at points spread over the whole statement, the last ones inside its commit: each
// time the catalog is intact, holds the statement's result completely or not at all, and the
// run log records a killed run as failed.
TEST_F(TwoProcesses, AProcessKilledAnywhereLeavesTheCatalogIntact) {
  const char* forget = "FORGET RANDOM 20 PERCENT FROM m@1 USING salun WITH (epochs = 1, calibrate = false) EVALUATE ua;";
  const auto start = Clock::now();
  {
    ShellProcess timed(path_, forget, log_);
    ASSERT_EQ(timed.wait(), 0) << timed.output();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  int64_t versions = count("SELECT count(*) FROM model_versions");
  for (double share : {0.3, 0.6, 0.8, 0.9, 0.95, 0.98, 1.0, 1.02}) {
    ShellProcess victim(path_, forget, log_);
    std::this_thread::sleep_for(std::chrono::duration<double>(share * seconds));
    victim.kill9();
    expectIntactAndConsistent();
    const int64_t now = count("SELECT count(*) FROM model_versions");
    EXPECT_TRUE(now == versions || now == versions + 1) << "after a kill at " << share << " of the run";
    versions = now;
  }
  lethe::Database db(path_);
  lethe::Connection con(db);
  const auto r = con.query(forget);  // the catalog still works
  EXPECT_TRUE(r.ok()) << r.error();
}

}  // namespace
