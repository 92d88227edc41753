// Runs tests/sql/**/*.test — sqllogictest-style scripts in the Lethe language — each file
// one GoogleTest case on a fresh file catalog. Directives (a block ends at a blank line):
//
//   statement ok                 the statement must succeed
//   statement error <text>       it must fail with <text> in the message, and the catalog
//                                must be unchanged (same fingerprint before and after)
//   query [checks...]            it must succeed and pass the checks:
//       rows=N                   the result has N rows
//       unchanged                the catalog's contents are the same before and after
//       col>=X col<=X col>X col<X col==X col!=X
//                                on the first row's column `col`; X is a number or
//                                $var, $var+N, $var-N; text compares with == and !=
//       $var=col                 remember the first row's `col` as $var
//       col#N                    (in either) the column of row N (1-based) instead
//       col==NULL col!=NULL      whether the cell is NULL
//       col~word                 the text cell contains `word` (no spaces)
//       col!~word                a NULL cell, or a text cell without `word`
//     then optionally "----" and the expected rows, cells separated by " | ";
//     numbers match within 0.01, "*" matches anything.
//   # comment lines
//   ${SQL_DIR} in a statement is replaced by the tests/sql folder (for data files), ${TEST_DIR}
//   by the file's own scratch folder (beside its catalog; for files a statement writes).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "catalog/catalog.hpp"
#include "lethe/lethe.hpp"

namespace fs = std::filesystem;

namespace {

struct Block {
  std::string directive;
  std::vector<std::string> sql;
  std::vector<std::string> expected;
  size_t line = 0;
};

std::vector<Block> readBlocks(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Block> blocks;
  Block current;
  bool in_expected = false;
  size_t number = 0;
  auto flush = [&] {
    if (!current.directive.empty()) blocks.push_back(current);
    current = Block();
    in_expected = false;
  };
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
      continue;
    }
    if (current.directive.empty()) {
      if (line[0] == '#') continue;
      current.directive = line;
      current.line = number;
    } else if (line == "----") {
      in_expected = true;
    } else {
      (in_expected ? current.expected : current.sql).push_back(line);
    }
  }
  flush();
  return blocks;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

bool isNumber(const std::string& text, double* value) {
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0';
}

class Script {
 public:
  explicit Script(const fs::path& catalog_path) : catalog_path_(catalog_path), db_(catalog_path.string()), con_(db_) {}

  void run(const fs::path& file) {
    for (const auto& block : readBlocks(file)) {
      const std::string where = file.filename().string() + ":" + std::to_string(block.line);
      std::string sql = joined(block.sql);
      for (size_t at; (at = sql.find("${SQL_DIR}")) != std::string::npos;) sql.replace(at, 10, LETHE_SQL_TEST_DIR);
      const std::string test_dir = catalog_path_.parent_path().string();
      for (size_t at; (at = sql.find("${TEST_DIR}")) != std::string::npos;) sql.replace(at, 11, test_dir);
      std::istringstream directive(block.directive);
      std::string kind, mode;
      directive >> kind;
      if (kind == "statement") {
        directive >> mode;
        if (mode == "ok") {
          const auto r = con_.query(sql);
          EXPECT_TRUE(r.ok()) << where << ": " << r.error();
        } else if (mode == "error") {
          std::string wanted;
          std::getline(directive, wanted);
          wanted.erase(0, wanted.find_first_not_of(' '));
          const std::string before = fingerprint();
          const auto r = con_.query(sql);
          EXPECT_FALSE(r.ok()) << where << ": expected an error containing '" << wanted << "'";
          EXPECT_NE(r.error().find(wanted), std::string::npos) << where << ": error was: " << r.error();
          EXPECT_EQ(before, fingerprint()) << where << ": the failed statement changed the catalog";
        } else {
          ADD_FAILURE() << where << ": unknown statement mode '" << mode << "'";
        }
      } else if (kind == "query") {
        const std::string before = fingerprint();
        const auto r = con_.query(sql);
        if (!r.ok()) {
          ADD_FAILURE() << where << ": " << r.error();
          continue;
        }
        for (std::string check; directive >> check;) {
          if (check == "unchanged") EXPECT_EQ(before, fingerprint()) << where << ": the statement changed the catalog";
          else applyCheck(r, check, where);
        }
        if (!block.expected.empty()) compareRows(r, block.expected, where);
      } else {
        ADD_FAILURE() << where << ": unknown directive '" << block.directive << "'";
      }
    }
  }

 private:
  std::string fingerprint() { return lethe::catalog::Catalog(catalog_path_.string()).fingerprint(); }

  double resolve(const std::string& operand, const std::string& where) {
    double value = 0;
    if (isNumber(operand, &value)) return value;
    if (operand.empty() || operand[0] != '$') {
      ADD_FAILURE() << where << ": bad operand '" << operand << "'";
      return NAN;
    }
    size_t split = operand.find_first_of("+-", 1);
    const std::string name = operand.substr(1, split == std::string::npos ? std::string::npos : split - 1);
    if (!vars_.count(name)) {
      ADD_FAILURE() << where << ": unknown variable $" << name;
      return NAN;
    }
    double offset = 0;
    if (split != std::string::npos) isNumber(operand.substr(split), &offset);
    return vars_[name] + offset;
  }

  void applyCheck(const lethe::Result& r, const std::string& check, const std::string& where) {
    try {
      applyCheckOrThrow(r, check, where);
    } catch (const std::out_of_range& e) {
      ADD_FAILURE() << where << ": " << e.what();
    }
  }

  // "ua" -> the first row's ua; "ua#3" -> the third row's.
  static const lethe::Value& cellOf(const lethe::Result& r, const std::string& spec) {
    const auto hash = spec.find('#');
    if (hash == std::string::npos) return r.at(0, spec);
    const size_t row = std::stoul(spec.substr(hash + 1));
    if (row == 0 || row > r.rowCount()) throw std::out_of_range("no row " + spec.substr(hash + 1) + " in the result");
    return r.at(row - 1, spec.substr(0, hash));
  }

  void applyCheckOrThrow(const lethe::Result& r, const std::string& check, const std::string& where) {
    if (check.rfind("rows=", 0) == 0) {
      EXPECT_EQ(std::to_string(r.rowCount()), check.substr(5)) << where << ": row count";
      return;
    }
    if (r.rowCount() == 0) {
      ADD_FAILURE() << where << ": no rows to check " << check;
      return;
    }
    if (check[0] == '$') {
      const auto eq = check.find('=');
      const auto& cell = cellOf(r, check.substr(eq + 1));
      vars_[check.substr(1, eq - 1)] = cell.isNull() ? NAN : cell.real();
      return;
    }
    if (const auto tilde = check.find('~'); tilde != std::string::npos) {
      const bool absent = tilde > 0 && check[tilde - 1] == '!';
      const std::string column = check.substr(0, absent ? tilde - 1 : tilde), word = check.substr(tilde + 1);
      const auto& cell = cellOf(r, column);
      const bool contains = cell.isText() && cell.text().find(word) != std::string::npos;
      EXPECT_TRUE(contains != absent) << where << ": " << column << " = '" << cell.toString() << "', wanted it "
                                      << (absent ? "not " : "") << "to contain '" << word << "'";
      return;
    }
    for (const std::string op : {">=", "<=", "==", "!=", ">", "<"}) {
      const auto at = check.find(op);
      if (at == std::string::npos) continue;
      const std::string column = check.substr(0, at), operand = check.substr(at + op.size());
      const auto& cell = cellOf(r, column);
      if (operand == "NULL") {
        EXPECT_TRUE(op == "==" ? cell.isNull() : op == "!=" ? !cell.isNull() : false) << where << ": " << column << " = " << cell.toString() << ", wanted " << check;
        return;
      }
      if (cell.isText()) {
        const bool equal = cell.text() == operand;
        EXPECT_TRUE(op == "==" ? equal : op == "!=" ? !equal : false) << where << ": " << column << " = '" << cell.text() << "', wanted " << check;
        return;
      }
      const double actual = cell.isNull() ? NAN : cell.real(), wanted = resolve(operand, where);
      const bool pass = op == ">=" ? actual >= wanted : op == "<=" ? actual <= wanted : op == ">" ? actual > wanted
                      : op == "<" ? actual < wanted : op == "==" ? std::fabs(actual - wanted) < 1e-9 : std::fabs(actual - wanted) >= 1e-9;
      EXPECT_TRUE(pass) << where << ": " << column << " = " << actual << ", wanted " << op << " " << wanted;
      return;
    }
    ADD_FAILURE() << where << ": bad check '" << check << "'";
  }

  void compareRows(const lethe::Result& r, const std::vector<std::string>& expected, const std::string& where) {
    ASSERT_EQ(r.rowCount(), expected.size()) << where << ": row count";
    for (size_t i = 0; i < expected.size(); ++i) {
      std::vector<std::string> cells;
      std::string rest = expected[i];
      for (size_t bar; (bar = rest.find(" | ")) != std::string::npos; rest = rest.substr(bar + 3)) cells.push_back(rest.substr(0, bar));
      cells.push_back(rest);
      ASSERT_EQ(cells.size(), r.rows()[i].size()) << where << ": column count in row " << i;
      for (size_t c = 0; c < cells.size(); ++c) {
        const auto& value = r.rows()[i][c];
        double wanted = 0;
        if (cells[c] == "*") continue;
        if ((value.isReal() || value.isInteger()) && isNumber(cells[c], &wanted))
          EXPECT_NEAR(value.real(), wanted, 0.01) << where << ": row " << i << " column " << r.columns()[c];
        else
          EXPECT_EQ(value.toString(), cells[c]) << where << ": row " << i << " column " << r.columns()[c];
      }
    }
  }

  fs::path catalog_path_;
  lethe::Database db_;
  lethe::Connection con_;
  std::map<std::string, double> vars_;
};

class SqlTest : public testing::Test {
 public:
  explicit SqlTest(fs::path file) : file_(std::move(file)) {}
  void TestBody() override {
    const fs::path dir = fs::temp_directory_path() / ("lethe_sql_" + std::to_string(::getpid()) + "_" + file_.stem().string());
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
      Script script(dir / "catalog.db");
      script.run(file_);
    }
    fs::remove_all(dir);
  }

 private:
  fs::path file_;
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(LETHE_SQL_TEST_DIR))
    if (entry.path().extension() == ".test") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::string name = fs::relative(file, LETHE_SQL_TEST_DIR).replace_extension().string();
    for (auto& c : name)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    testing::RegisterTest("sql", name.c_str(), nullptr, nullptr, file.string().c_str(), 1,
                          [file]() -> testing::Test* { return new SqlTest(file); });
  }
  return RUN_ALL_TESTS();
}
