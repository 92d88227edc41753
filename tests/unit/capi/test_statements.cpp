// The C API's happy paths: open, prepare/step over a result table, column types and
// conversions, lethe_exec and its callback, statement splitting, result codes by error kind.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "capi_fixtures.hpp"

using namespace capi_test;

namespace {

class CapiMemory : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(lethe_open(":memory:", &db_), LETHE_OK) << lethe_errmsg(db_); }
  void TearDown() override { EXPECT_EQ(lethe_close(db_), LETHE_OK); }
  lethe_db* db_ = nullptr;
};

}  // namespace

TEST(CapiVersion, IsTheProjectVersion) {
  const std::string version = lethe_libversion();
  EXPECT_EQ(std::count(version.begin(), version.end(), '.'), 2) << version;
  EXPECT_STREQ(lethe_errstr(LETHE_OK), "not an error");
  EXPECT_STREQ(lethe_errstr(LETHE_INTERRUPTED), "interrupted");
  EXPECT_STREQ(lethe_errstr(12345), "unknown error code");
}

TEST_F(CapiMemory, PrepareStepOverShowMethods) {
  lethe_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const char* sql = "SHOW METHODS;";
  ASSERT_EQ(lethe_prepare(db_, sql, -1, &stmt, &tail), LETHE_OK) << lethe_errmsg(db_);
  ASSERT_NE(stmt, nullptr);
  EXPECT_EQ(tail, sql + std::strlen(sql));
  EXPECT_EQ(lethe_column_count(stmt), 0);  // nothing has run yet

  std::vector<std::string> methods;
  bool salun_seen = false, retrain_seen = false;
  int rc;
  while ((rc = lethe_step(stmt)) == LETHE_ROW) {
    ASSERT_EQ(lethe_column_count(stmt), 3);
    EXPECT_STREQ(lethe_column_name(stmt, 0), "method");
    EXPECT_STREQ(lethe_column_name(stmt, 1), "threshold");
    EXPECT_EQ(lethe_column_type(stmt, 0), LETHE_TEXT);
    EXPECT_EQ(lethe_column_type(stmt, 2), LETHE_TEXT);
    const std::string name = lethe_column_text(stmt, 0);
    methods.push_back(name);
    if (name == "salun") {  // threshold 0.5: a real, read in every form
      salun_seen = true;
      EXPECT_EQ(lethe_column_type(stmt, 1), LETHE_FLOAT);
      EXPECT_DOUBLE_EQ(lethe_column_double(stmt, 1), 0.5);
      EXPECT_STREQ(lethe_column_text(stmt, 1), "0.5");
      EXPECT_EQ(lethe_column_int64(stmt, 1), 0);
    }
    if (name == "retrain") {  // no threshold: NULL
      retrain_seen = true;
      EXPECT_EQ(lethe_column_type(stmt, 1), LETHE_NULL);
      EXPECT_EQ(lethe_column_text(stmt, 1), nullptr);
      EXPECT_EQ(lethe_column_double(stmt, 1), 0.0);
    }
  }
  EXPECT_EQ(rc, LETHE_DONE);
  EXPECT_TRUE(salun_seen && retrain_seen);
  EXPECT_GE(methods.size(), 10u);
  // Past the end: DONE again, never a second run; the names stay readable.
  EXPECT_EQ(lethe_step(stmt), LETHE_DONE);
  EXPECT_EQ(lethe_column_count(stmt), 3);
  EXPECT_EQ(lethe_column_type(stmt, 0), LETHE_NULL);  // no current row
  EXPECT_EQ(lethe_column_text(stmt, 0), nullptr);

  // reset runs it again, with the same rows.
  EXPECT_EQ(lethe_reset(stmt), LETHE_OK);
  size_t again = 0;
  while (lethe_step(stmt) == LETHE_ROW) ++again;
  EXPECT_EQ(again, methods.size());
  EXPECT_EQ(lethe_finalize(stmt), LETHE_OK);
}

TEST_F(CapiMemory, IntegerColumnsAndConversions) {
  ASSERT_TRUE(execOk(db_, "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"));
  lethe_stmt* stmt = nullptr;
  ASSERT_EQ(lethe_prepare(db_, "SHOW DATASETS", -1, &stmt, nullptr), LETHE_OK);  // no ';': allowed
  ASSERT_EQ(lethe_step(stmt), LETHE_ROW) << lethe_errmsg(db_);
  ASSERT_STREQ(lethe_column_name(stmt, 2), "train");
  EXPECT_EQ(lethe_column_type(stmt, 2), LETHE_INTEGER);
  EXPECT_EQ(lethe_column_int64(stmt, 2), 60000);
  EXPECT_DOUBLE_EQ(lethe_column_double(stmt, 2), 60000.0);
  EXPECT_STREQ(lethe_column_text(stmt, 2), "60000");
  EXPECT_EQ(lethe_column_int64(stmt, 0), 0);  // text "fm" has no number in front
  // Out of range columns read as NULL.
  EXPECT_EQ(lethe_column_type(stmt, 99), LETHE_NULL);
  EXPECT_EQ(lethe_column_type(stmt, -1), LETHE_NULL);
  EXPECT_EQ(lethe_column_name(stmt, 99), nullptr);
  EXPECT_EQ(lethe_column_text(stmt, 99), nullptr);
  EXPECT_EQ(lethe_step(stmt), LETHE_DONE);
  lethe_finalize(stmt);
}

namespace {

struct Collected {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> rows;
  int stop_after = -1;  // nonzero return after this many rows
};

int collect(void* arg, int ncol, char** values, char** names) {
  auto* c = static_cast<Collected*>(arg);
  c->names.assign(names, names + ncol);
  std::vector<std::string> row;
  for (int i = 0; i < ncol; ++i) row.push_back(values[i] ? values[i] : "NULL");
  c->rows.push_back(row);
  return c->stop_after >= 0 && static_cast<int>(c->rows.size()) >= c->stop_after;
}

}  // namespace

TEST_F(CapiMemory, ExecRunsEveryStatementAndCallsBackPerRow) {
  Collected c;
  char* error = reinterpret_cast<char*>(1);
  EXPECT_EQ(lethe_exec(db_, "SET seed = 1; -- a comment; with a ';'\n SHOW ARCHS; /* ; */", collect, &c, &error),
            LETHE_OK);
  EXPECT_EQ(error, nullptr);  // cleared on success
  EXPECT_EQ(c.names, (std::vector<std::string>{"arch", "description"}));  // the last statement's
  ASSERT_GE(c.rows.size(), 4u);  // SET's status row, then one per architecture
  EXPECT_EQ(c.rows[0][0], "seed");
  EXPECT_EQ(c.rows[1][0], "mlp");
  EXPECT_EQ(lethe_errcode(db_), LETHE_OK);
  EXPECT_STREQ(lethe_errmsg(db_), "not an error");
}

TEST_F(CapiMemory, ExecStopsWhenTheCallbackSaysSo) {
  Collected c;
  c.stop_after = 2;
  char* error = nullptr;
  EXPECT_EQ(lethe_exec(db_, "SHOW ARCHS; SHOW METHODS;", collect, &c, &error), LETHE_ABORT);
  EXPECT_EQ(c.rows.size(), 2u);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(std::string(error).find("aborted"), std::string::npos) << error;
  lethe_free(error);
  EXPECT_EQ(lethe_errcode(db_), LETHE_ABORT);
}

TEST_F(CapiMemory, ExecStopsAtTheFirstErrorWithItsMessage) {
  char* error = nullptr;
  EXPECT_EQ(lethe_exec(db_, "SET seed = 1; SET nope = 2; SET threads = 1;", nullptr, nullptr, &error), LETHE_BINDER);
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(std::string(error).rfind("Binder Error:", 0), 0u) << error;
  EXPECT_STREQ(error, lethe_errmsg(db_));
  lethe_free(error);
  EXPECT_EQ(lethe_exec(db_, "SHOW ARCHS;", nullptr, nullptr, nullptr), LETHE_OK);  // errmsg may be NULL
}

TEST_F(CapiMemory, PrepareTakesOneStatementAndPointsPastIt) {
  const char* sql = "  ;; SHOW ARCHS; -- next\n SHOW METHODS;   ";
  lethe_stmt* stmt = nullptr;
  const char* tail = nullptr;
  ASSERT_EQ(lethe_prepare(db_, sql, -1, &stmt, &tail), LETHE_OK) << lethe_errmsg(db_);
  ASSERT_NE(stmt, nullptr);
  EXPECT_STREQ(tail, " -- next\n SHOW METHODS;   ");
  ASSERT_EQ(lethe_step(stmt), LETHE_ROW);
  EXPECT_STREQ(lethe_column_name(stmt, 0), "arch");
  lethe_finalize(stmt);

  ASSERT_EQ(lethe_prepare(db_, tail, -1, &stmt, &tail), LETHE_OK);
  ASSERT_EQ(lethe_step(stmt), LETHE_ROW);
  EXPECT_STREQ(lethe_column_name(stmt, 0), "method");
  lethe_finalize(stmt);

  // Only whitespace and comments: no statement, and no error.
  ASSERT_EQ(lethe_prepare(db_, tail, -1, &stmt, &tail), LETHE_OK);
  EXPECT_EQ(stmt, nullptr);
  EXPECT_EQ(*tail, '\0');
}

TEST_F(CapiMemory, SemicolonsInsideQuotesDoNotEndTheStatement) {
  const char* sql = "DESCRIBE MODEL \"a;b\"; SHOW ARCHS;";
  lethe_stmt* stmt = nullptr;
  const char* tail = nullptr;
  ASSERT_EQ(lethe_prepare(db_, sql, -1, &stmt, &tail), LETHE_OK) << lethe_errmsg(db_);
  EXPECT_STREQ(tail, " SHOW ARCHS;");
  EXPECT_EQ(lethe_step(stmt), LETHE_BINDER);
  EXPECT_NE(std::string(lethe_errmsg(db_)).find("a;b"), std::string::npos) << lethe_errmsg(db_);
  EXPECT_EQ(lethe_step(stmt), LETHE_BINDER);  // the same error again, until reset
  lethe_finalize(stmt);
}

TEST_F(CapiMemory, NbyteLimitsTheText) {
  const char* sql = "SHOW ARCHS; SHOW NONSENSE";
  lethe_stmt* stmt = nullptr;
  const char* tail = nullptr;
  ASSERT_EQ(lethe_prepare(db_, sql, 11, &stmt, &tail), LETHE_OK);
  EXPECT_EQ(tail, sql + 11);
  lethe_finalize(stmt);
  ASSERT_EQ(lethe_prepare(db_, sql, 10, &stmt, &tail), LETHE_OK);  // "SHOW ARCHS" without ';'
  ASSERT_NE(stmt, nullptr);
  EXPECT_EQ(lethe_step(stmt), LETHE_ROW);
  lethe_finalize(stmt);
}

TEST_F(CapiMemory, ErrorKindsMapToCodes) {
  lethe_stmt* stmt = reinterpret_cast<lethe_stmt*>(1);
  EXPECT_EQ(lethe_prepare(db_, "FORGET nonsense;", -1, &stmt, nullptr), LETHE_SYNTAX);
  EXPECT_EQ(stmt, nullptr);
  EXPECT_EQ(lethe_errcode(db_), LETHE_SYNTAX);
  EXPECT_EQ(std::string(lethe_errmsg(db_)).rfind("Syntax Error: line 1:8", 0), 0u) << lethe_errmsg(db_);

  EXPECT_EQ(lethe_exec(db_, "FORGET CLASS 'Sneaker' FROM nothing USING salun;", nullptr, nullptr, nullptr), LETHE_BINDER);
  EXPECT_EQ(std::string(lethe_errmsg(db_)).rfind("Binder Error: unknown model 'nothing'", 0), 0u) << lethe_errmsg(db_);

  EXPECT_EQ(lethe_exec(db_, "CREATE DATASET d FROM '/nonexistent/lethe/data' FORMAT idx;", nullptr, nullptr, nullptr),
            LETHE_IO)
      << lethe_errmsg(db_);

  // A success clears the connection's error.
  EXPECT_EQ(lethe_exec(db_, "SHOW ARCHS;", nullptr, nullptr, nullptr), LETHE_OK);
  EXPECT_EQ(lethe_errcode(db_), LETHE_OK);
}

TEST_F(CapiMemory, StrayCharactersAreSyntaxErrorsNotEmptyStatements) {
  lethe_stmt* stmt = nullptr;
  for (const char* sql : {"@;", "  \x01 ;", "SHOW ARCHS @;", "'unterminated"}) {
    EXPECT_EQ(lethe_prepare(db_, sql, -1, &stmt, nullptr), LETHE_SYNTAX) << sql;
    EXPECT_EQ(stmt, nullptr);
  }
  EXPECT_EQ(lethe_exec(db_, "SHOW ARCHS; \xff\xfe;", nullptr, nullptr, nullptr), LETHE_SYNTAX);  // not UTF-8
}

TEST_F(CapiMemory, ExecutionErrorsMapToTheirCode) {
  ASSERT_TRUE(execOk(db_,
                     "CREATE DATASET fm FROM BUILTIN 'fashion-mnist';"
                     "CREATE DATASET small AS SUBSET OF fm WITH (train = 100, test = 50, seed = 1);"));
  // A TorchScript classifier with 3 outputs for a 10-class dataset: found when it runs.
  const std::string sql =
      std::string("IMPORT MODEL x FROM '") + LETHE_TEST_DATA_DIR + "/../sql/data/three_classes.pt' ON small;";
  EXPECT_EQ(lethe_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), LETHE_EXECUTION) << lethe_errmsg(db_);
  EXPECT_EQ(std::string(lethe_errmsg(db_)).rfind("Execution Error:", 0), 0u) << lethe_errmsg(db_);
}
