// CORRUPT DATASET and the FORGET / COMPARE target CORRUPTED [DISCOVERED p PERCENT] [SEED s] OF d.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

TEST(ParseCorrupt, CorruptDatasetKeepsNamesAndOptions) {
  auto s = parseOne("CORRUPT DATASET fmnist INTO fmnist_bd WITH (kind = 'swap', count = 600, classes = ('Trouser', 7), seed = 2);");
  ASSERT_EQ(s.kind, ast::StatementKind::CorruptDataset);
  const auto& info = s.as<ast::CorruptDatasetInfo>();
  EXPECT_EQ(info.source.text, "fmnist");
  EXPECT_EQ(info.name.text, "fmnist_bd");
  ASSERT_EQ(info.options.size(), 4u);
  EXPECT_EQ(info.options[0].value.text, "swap");
  EXPECT_EQ(info.options[1].value.integer, 600);
  ASSERT_EQ(info.options[2].value.kind, ast::Value::Kind::List);
  ASSERT_EQ(info.options[2].value.items.size(), 2u);
  EXPECT_EQ(info.options[2].value.items[0].text, "Trouser");
  EXPECT_EQ(info.options[2].value.items[1].integer, 7);
  EXPECT_EQ(parseOne("corrupt dataset a into b;").as<ast::CorruptDatasetInfo>().options.size(), 0u);
}

TEST(ParseCorrupt, ForgetCorruptedDefaultsToFullDiscovery) {
  const ast::Statement s = parseOne("FORGET CORRUPTED OF bd FROM m USING retrain;");
  const auto& target = s.as<ast::ForgetInfo>().target;
  EXPECT_EQ(target.kind, ast::ForgetTarget::Kind::Corrupted);
  EXPECT_DOUBLE_EQ(target.percent, 100.0);
  EXPECT_FALSE(target.seed.has_value());
  EXPECT_EQ(target.dataset.text, "bd");
}

TEST(ParseCorrupt, ForgetCorruptedWithDiscoveryRateAndSeed) {
  auto s = parseOne("FORGET CORRUPTED DISCOVERED 30 PERCENT SEED 4 OF bd FROM m@2 USING salun EVALUATE healed, asr;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.target.kind, ast::ForgetTarget::Kind::Corrupted);
  EXPECT_DOUBLE_EQ(info.target.percent, 30.0);
  EXPECT_EQ(info.target.seed, std::optional<int64_t>(4));
  EXPECT_EQ(info.target.value_pos.column, 29u);
  EXPECT_EQ(info.model.version, std::optional<int64_t>(2));
  ASSERT_EQ(info.metrics.size(), 2u);
  EXPECT_EQ(info.metrics[1].text, "asr");
}

TEST(ParseCorrupt, CompareTakesTheCorruptedTarget) {
  auto s = parseOne("COMPARE METHODS (ft, ga) FOR CORRUPTED DISCOVERED 30 PERCENT OF bd FROM m;");
  const auto& info = s.as<ast::CompareInfo>();
  EXPECT_EQ(info.target.kind, ast::ForgetTarget::Kind::Corrupted);
  EXPECT_DOUBLE_EQ(info.target.percent, 30.0);
  EXPECT_EQ(info.target.dataset.text, "bd");
}

TEST(ParseCorrupt, NewKeywordsStayUsableAsNames) {
  // CORRUPTED and DISCOVERED are non-reserved: they may name datasets and models.
  const ast::Statement s = parseOne("FORGET CORRUPTED OF corrupted FROM discovered USING ft;");
  const auto& target = s.as<ast::ForgetInfo>().target;
  EXPECT_EQ(target.dataset.text, "corrupted");
  EXPECT_EQ(parseOne("CREATE MODEL discovered ARCH mlp ON corrupted;").as<ast::CreateModelInfo>().name.text, "discovered");
  // CORRUPT starts a statement and is reserved, like CREATE.
  EXPECT_NE(syntaxError("CREATE MODEL corrupt ARCH mlp ON d;").find("line 1:14"), std::string::npos);
}

TEST(ParseCorrupt, SyntaxErrorsNameWhatIsMissing) {
  EXPECT_NE(syntaxError("CORRUPT DATASET a b;").find("line 1:19: missing INTO at 'b'"), std::string::npos);
  EXPECT_NE(syntaxError("FORGET CORRUPTED DISCOVERED PERCENT OF d FROM m USING ft;")
                .find("line 1:29: mismatched input 'PERCENT' expecting a number"),
            std::string::npos);
  EXPECT_NE(syntaxError("FORGET CORRUPTED bd FROM m USING ft;").find("line 1:18: mismatched input 'bd' expecting {DISCOVERED, OF, SEED}"),
            std::string::npos);
}

}  // namespace lethe::grammar::testing
