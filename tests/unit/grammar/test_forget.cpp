// FORGET in its three target forms, with and without the optional clauses.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

using Kind = ast::ForgetTarget::Kind;

TEST(ParseForget, ClassWithThresholdAndEvaluate) {
  auto s = parseOne("FORGET CLASS 'Sneaker' FROM clf USING salun THRESHOLD 0.5 EVALUATE mia;");
  ASSERT_EQ(s.kind, ast::StatementKind::Forget);
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.target.kind, Kind::Class);
  ASSERT_EQ(info.target.classes.size(), 1u);
  EXPECT_EQ(info.target.classes[0].kind, ast::Value::Kind::String);
  EXPECT_EQ(info.target.classes[0].text, "Sneaker");
  EXPECT_EQ(info.target.pos.column, 8u);
  EXPECT_EQ(info.target.value_pos.column, 14u);
  EXPECT_EQ(info.model.name.text, "clf");
  EXPECT_FALSE(info.model.version.has_value());
  EXPECT_EQ(info.method.text, "salun");
  ASSERT_TRUE(info.threshold.has_value());
  EXPECT_DOUBLE_EQ(*info.threshold, 0.5);
  EXPECT_EQ(info.threshold_pos.column, 55u);
  ASSERT_EQ(info.metrics.size(), 1u);
  EXPECT_EQ(info.metrics[0].text, "mia");
  EXPECT_FALSE(info.into.has_value());
}

TEST(ParseForget, SeveralClassesByNameAndIndex) {
  auto s = parseOne("FORGET CLASS 'Sneaker', 'Bag', 3 FROM clf@2 USING ga;");
  const auto& info = s.as<ast::ForgetInfo>();
  ASSERT_EQ(info.target.classes.size(), 3u);
  EXPECT_EQ(info.target.classes[1].text, "Bag");
  EXPECT_EQ(info.target.classes[2].kind, ast::Value::Kind::Integer);
  EXPECT_EQ(info.target.classes[2].integer, 3);
  EXPECT_EQ(info.target.classes[2].pos.column, 32u);
  ASSERT_TRUE(info.model.version.has_value());
  EXPECT_EQ(*info.model.version, 2);
  EXPECT_FALSE(info.threshold.has_value());
  EXPECT_TRUE(info.metrics.empty());
}

TEST(ParseForget, RandomPercentWithSeedOptionsMetricsAndInto) {
  auto s = parseOne(
      "FORGET RANDOM 10 PERCENT SEED 7 FROM clf USING salun WITH (epochs = 5, lr = 0.013, seed = 1) "
      "EVALUATE ua, ra, ta, mia INTO clf_clean;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.target.kind, Kind::RandomPercent);
  EXPECT_DOUBLE_EQ(info.target.percent, 10.0);
  ASSERT_TRUE(info.target.seed.has_value());
  EXPECT_EQ(*info.target.seed, 7);
  EXPECT_EQ(info.target.value_pos.column, 15u);
  ASSERT_EQ(info.options.size(), 3u);
  EXPECT_EQ(info.options[0].name.text, "epochs");
  ASSERT_EQ(info.metrics.size(), 4u);
  EXPECT_EQ(info.metrics[3].text, "mia");
  ASSERT_TRUE(info.into.has_value());
  EXPECT_EQ(info.into->text, "clf_clean");
}

TEST(ParseForget, RealPercentWithoutSeed) {
  auto s = parseOne("FORGET RANDOM 2.5 PERCENT FROM clf USING ft;");
  EXPECT_DOUBLE_EQ(s.as<ast::ForgetInfo>().target.percent, 2.5);
  EXPECT_FALSE(s.as<ast::ForgetInfo>().target.seed.has_value());
}

TEST(ParseForget, Samples) {
  auto s = parseOne("FORGET SAMPLES (17, 4242, 59999) FROM clf USING ga;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.target.kind, Kind::Samples);
  EXPECT_EQ(info.target.sample_ids, (std::vector<int64_t>{17, 4242, 59999}));
  EXPECT_EQ(info.target.value_pos.column, 17u);
}

TEST(ParseForget, SamplesFromFile) {
  auto s = parseOne("FORGET SAMPLES FROM 'ids.csv' FROM clf USING ft INTO clf_clean;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.target.kind, Kind::Samples);
  EXPECT_EQ(info.target.samples_file, "ids.csv");
  EXPECT_TRUE(info.target.sample_ids.empty());
  EXPECT_EQ(info.target.value_pos.column, 21u);
  EXPECT_EQ(info.model.name.text, "clf");
}

TEST(ParseForget, ClausesInAnyOrder) {
  auto s = parseOne("FORGET CLASS 1 FROM m USING salun INTO m2 EVALUATE (ua, ra) WITH (salun.lr = 0.1) THRESHOLD 0.3;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.into->text, "m2");
  EXPECT_EQ(info.metrics.size(), 2u);
  ASSERT_EQ(info.options.size(), 1u);
  EXPECT_EQ(info.options[0].name.text, "salun.lr");
  EXPECT_DOUBLE_EQ(*info.threshold, 0.3);
}

TEST(ParseForget, ClauseGivenTwiceIsAnError) {
  const std::string message = syntaxError("FORGET CLASS 1 FROM m USING ga THRESHOLD 0.5 THRESHOLD 0.4;");
  EXPECT_NE(message.find("line 1:46: THRESHOLD is given twice"), std::string::npos) << message;
}

TEST(ParseForget, NegativeNumbersParseForTheBinderToReject) {
  auto s = parseOne("FORGET RANDOM -5 PERCENT SEED -1 FROM m USING ga THRESHOLD -0.5;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_DOUBLE_EQ(info.target.percent, -5.0);
  EXPECT_EQ(*info.target.seed, -1);
  EXPECT_DOUBLE_EQ(*info.threshold, -0.5);
  EXPECT_EQ(info.threshold_pos.column, 60u);  // the minus sign

  auto samples = parseOne("FORGET SAMPLES (-3) FROM m USING ga;");
  EXPECT_EQ(samples.as<ast::ForgetInfo>().target.sample_ids, std::vector<int64_t>{-3});
  auto index = parseOne("FORGET CLASS -1 FROM m USING ga;");
  EXPECT_EQ(index.as<ast::ForgetInfo>().target.classes[0].integer, -1);
}

}  // namespace lethe::grammar::testing
