// The embedding API: results as values, errors as values, one result per statement.
#include <gtest/gtest.h>

#include "lethe/lethe.hpp"

TEST(Embedding, QueryReturnsColumnsAndRows) {
  lethe::Database db(":memory:");
  ASSERT_TRUE(db.ok()) << db.error();
  lethe::Connection con(db);
  auto r = con.query("SHOW ARCHS;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.columns(), (std::vector<std::string>{"arch", "description"}));
  EXPECT_GE(r.rowCount(), 3u);  // mlp, cnn, resnet20 and more
  EXPECT_EQ(r.at(0, "arch").text(), "mlp");
  EXPECT_THROW(r.at(0, "nope"), std::out_of_range);
}

TEST(Embedding, ErrorsComeBackAsValues) {
  lethe::Database db(":memory:");
  lethe::Connection con(db);
  auto r = con.query("FORGET CLASS 'Sneaker' FROM nothing USING salun;");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("Binder Error: unknown model 'nothing'", 0), 0u) << r.error();
  r = con.query("FORGET nonsense;");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error().rfind("Syntax Error: line 1:8", 0), 0u) << r.error();
}

TEST(Embedding, ExecuteStopsAtTheFirstError) {
  lethe::Database db(":memory:");
  lethe::Connection con(db);
  std::vector<std::string> seen;
  auto results = con.execute("SET seed = 1; SET nope = 2; SET threads = 1;",
                             [&](const lethe::Result& r) { seen.push_back(r.statement()); });
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"SET seed = 1", "SET nope = 2"}));
}

TEST(Embedding, ValueFormatting) {
  EXPECT_EQ(lethe::Value().toString(), "NULL");
  EXPECT_EQ(lethe::Value(int64_t{42}).toString(), "42");
  EXPECT_EQ(lethe::Value(93.456).toString(), "93.46");
  EXPECT_EQ(lethe::Value("text").toString(), "text");
}
