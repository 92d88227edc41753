// Tampering the governance records by hand, with sqlite3 on the catalog file: VERIFY AUDIT
// names the first broken entry (edited, deleted in the middle, deleted at the end), and
// VERIFY CERTIFICATE refuses a certificate with one byte changed.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lethe/lethe.hpp"

namespace fs = std::filesystem;

namespace {

class Governance : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lethe_governance_" + std::to_string(::getpid()) + "_" +
                                        testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string catalog() const { return (dir_ / "catalog.db").string(); }

  // Five audited statements that need no training: datasets and requests.
  void writeFiveEntries() {
    lethe::Database db(catalog());
    lethe::Connection con(db);
    for (const char* sql : {"CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';",
                            "CREATE DATASET s AS SUBSET OF fmnist WITH (train = 100, test = 50, seed = 1);",
                            "CREATE REQUEST 'r-1' WITH (samples = (1, 2) OF fmnist);",
                            "CREATE REQUEST 'r-2' WITH (samples = (3) OF fmnist);",
                            "CREATE REQUEST 'r-3' WITH (samples = (4) OF fmnist);"})
      ASSERT_TRUE(con.query(sql).ok()) << sql;
  }

  // What an intruder with the sqlite3 shell does: the triggers go first, then the row.
  void tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(catalog().c_str(), &db), SQLITE_OK);
    const std::string script = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql +
                                "; CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT "
                                "RAISE(ABORT, 'x'); END; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                                "BEGIN SELECT RAISE(ABORT, 'x'); END;";
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, script.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::string verifyAudit() {
    lethe::Database db(catalog());
    lethe::Connection con(db);
    const auto r = con.query("VERIFY AUDIT;");
    return r.ok() ? "ok" : r.error();
  }

  fs::path dir_;
};

TEST_F(Governance, IntactLogVerifies) {
  writeFiveEntries();
  EXPECT_EQ(verifyAudit(), "ok");
}

TEST_F(Governance, TriggersRefuseEditsWithoutTheirRemoval) {
  writeFiveEntries();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(catalog().c_str(), &db), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "UPDATE audit_log SET os_user = 'mallory'", nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM audit_log WHERE id = 2", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(verifyAudit(), "ok");
}

TEST_F(Governance, EditedEntryIsNamed) {
  writeFiveEntries();
  tamper("UPDATE audit_log SET statement = 'CREATE REQUEST ''r-2'' WITH (samples = (9) OF fmnist)' WHERE id = 4");
  EXPECT_NE(verifyAudit().find("audit log broken at entry 4: entry 4 was altered"), std::string::npos) << verifyAudit();
}

TEST_F(Governance, DeletedEntryIsNamed) {
  writeFiveEntries();
  tamper("DELETE FROM audit_log WHERE id = 3");
  EXPECT_NE(verifyAudit().find("audit log broken at entry 3: entry 3 is missing (deleted)"), std::string::npos)
      << verifyAudit();
}

TEST_F(Governance, DeletedNewestEntriesAreNamed) {
  writeFiveEntries();
  tamper("DELETE FROM audit_log WHERE id >= 4");
  EXPECT_NE(verifyAudit().find("audit log broken at entry 4: entries 4..5 are missing"), std::string::npos) << verifyAudit();
}

TEST_F(Governance, RemovedTriggersAreReported) {
  writeFiveEntries();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(catalog().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "DROP TRIGGER audit_log_no_delete", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_NE(verifyAudit().find("triggers that keep the log append-only were removed"), std::string::npos);
}

// A failed statement is audited with its error; the catalog's contents stay as they were.
TEST_F(Governance, FailedStatementIsAuditedAsFailed) {
  writeFiveEntries();
  lethe::Database db(catalog());
  lethe::Connection con(db);
  EXPECT_FALSE(con.query("CREATE REQUEST 'r-1' WITH (samples = (5) OF fmnist);").ok());
  const auto audit = con.query("SHOW AUDIT;");
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit.rowCount(), 6u);
  EXPECT_EQ(audit.at(5, "result").text(), "Binder Error");
  EXPECT_NE(audit.at(5, "error").text().find("request 'r-1' already exists"), std::string::npos);
  EXPECT_EQ(audit.at(5, "rows_changed").integer(), 0);
  EXPECT_EQ(con.query("VERIFY AUDIT;").ok(), true);
}

TEST_F(Governance, CertificateWithOneByteChangedIsRefused) {
  const fs::path certificate = dir_ / "c.json";
  {
    lethe::Database db(catalog());
    lethe::Connection con(db);
    for (const std::string& sql : std::vector<std::string>{
         "CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';",
          "CREATE DATASET s AS SUBSET OF fmnist WITH (train = 300, test = 100, seed = 1);",
          "CREATE MODEL m ARCH mlp ON s WITH (epochs = 1, seed = 1);",
          "FORGET SAMPLES (3) FROM m USING ga WITH (calibrate = false, epochs = 1);", "SET certificate_key = 'k';",
          "EXPORT CERTIFICATE FOR RUN 2 TO '" + certificate.string() + "';",
          "VERIFY CERTIFICATE '" + certificate.string() + "';"})
      ASSERT_TRUE(con.query(sql).ok()) << sql << ": " << con.query(sql).error();
  }
  std::ifstream in(certificate);
  std::stringstream text;
  text << in.rdbuf();
  std::string bytes = text.str();
  // The forgotten set's size: "size": 1 -> "size": 2, a change that keeps the JSON valid.
  const auto at = bytes.find("\"size\": 1");
  ASSERT_NE(at, std::string::npos);
  bytes[at + 8] = '2';
  std::ofstream(certificate, std::ios::trunc) << bytes;

  lethe::Database db(catalog());
  lethe::Connection con(db);
  ASSERT_TRUE(con.query("SET certificate_key = 'k';").ok());
  const auto r = con.query("VERIFY CERTIFICATE '" + certificate.string() + "';");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("fails its signature check"), std::string::npos) << r.error();
}

}  // namespace
