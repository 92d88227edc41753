// SAMPLE and the judge options of EVALUATE (generators).
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

TEST(ParseSample, EveryClauseInAnyOrder) {
  auto s = parseOne("SAMPLE 64 FROM gen@2 INTO 'sneakers.png' WITH (steps = 50, guidance = 2.0, seed = 3) CLASS 'Sneaker';");
  ASSERT_EQ(s.kind, ast::StatementKind::Sample);
  const auto& info = s.as<ast::SampleInfo>();
  EXPECT_EQ(info.count, 64);
  EXPECT_EQ(info.count_pos.column, 8u);
  EXPECT_EQ(info.model.name.text, "gen");
  ASSERT_TRUE(info.model.version.has_value());
  EXPECT_EQ(*info.model.version, 2);
  ASSERT_TRUE(info.class_value.has_value());
  EXPECT_EQ(info.class_value->text, "Sneaker");
  ASSERT_EQ(info.options.size(), 3u);
  EXPECT_EQ(info.options[1].name.text, "guidance");
  EXPECT_DOUBLE_EQ(info.options[1].value.real, 2.0);
  ASSERT_TRUE(info.into_file.has_value());
  EXPECT_EQ(info.into_file->text, "sneakers.png");
  EXPECT_FALSE(info.into_dataset.has_value());
}

TEST(ParseSample, BareAndIntoADatasetWithAClassIndex) {
  auto bare = parseOne("sample 8 from gen;");
  const auto& plain = bare.as<ast::SampleInfo>();
  EXPECT_EQ(plain.count, 8);
  EXPECT_FALSE(plain.class_value.has_value());
  EXPECT_TRUE(plain.options.empty());
  EXPECT_FALSE(plain.into_file.has_value());
  EXPECT_FALSE(plain.into_dataset.has_value());

  auto named = parseOne("SAMPLE 8 FROM gen CLASS 7 INTO sneakers;");
  const auto& info = named.as<ast::SampleInfo>();
  ASSERT_TRUE(info.class_value.has_value());
  EXPECT_EQ(info.class_value->kind, ast::Value::Kind::Integer);
  EXPECT_EQ(info.class_value->integer, 7);
  ASSERT_TRUE(info.into_dataset.has_value());
  EXPECT_EQ(info.into_dataset->text, "sneakers");
}

TEST(ParseSample, NegativeCountsParseForTheBinderToRefuse) {
  EXPECT_EQ(parseOne("SAMPLE -1 FROM gen;").as<ast::SampleInfo>().count, -1);
}

TEST(ParseSample, SyntaxErrorsNameTheirPlace) {
  const std::string twice = syntaxError("SAMPLE 4 FROM gen CLASS 'Bag' CLASS 'Coat';");
  EXPECT_NE(twice.find("line 1:31"), std::string::npos) << twice;
  EXPECT_NE(twice.find("CLASS is given twice in SAMPLE"), std::string::npos) << twice;
  const std::string no_count = syntaxError("SAMPLE FROM gen;");
  EXPECT_NE(no_count.find("line 1:8: mismatched input 'FROM'"), std::string::npos) << no_count;
  EXPECT_NE(no_count.find("       ^"), std::string::npos) << no_count;
  const std::string real = syntaxError("SAMPLE 2.5 FROM gen;");
  EXPECT_NE(real.find("line 1:8"), std::string::npos) << real;
}

TEST(ParseEvaluate, JudgeOptions) {
  auto s = parseOne("EVALUATE MODEL gen@2 METRICS (ua_gen, fid) FOR RUN 3 WITH (judge = clf, samples = 20);");
  const auto& info = s.as<ast::EvaluateModelInfo>();
  ASSERT_EQ(info.metrics.size(), 2u);
  EXPECT_EQ(*info.run_id, 3);
  ASSERT_EQ(info.options.size(), 2u);
  EXPECT_EQ(info.options[0].name.text, "judge");
  EXPECT_EQ(info.options[0].value.kind, ast::Value::Kind::Word);
  EXPECT_EQ(info.options[0].value.text, "clf");
  EXPECT_TRUE(parseOne("EVALUATE MODEL m;").as<ast::EvaluateModelInfo>().options.empty());
}

}  // namespace lethe::grammar::testing
