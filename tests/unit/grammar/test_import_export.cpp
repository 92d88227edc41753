// IMPORT MODEL and EXPORT MODEL.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

TEST(ParseImportModel, NameFileDatasetAndPositions) {
  auto s = parseOne("IMPORT MODEL ext FROM 'models/it''s.pt' ON fmnist;");
  ASSERT_EQ(s.kind, ast::StatementKind::ImportModel);
  const auto& info = s.as<ast::ImportModelInfo>();
  EXPECT_EQ(info.name.text, "ext");
  EXPECT_EQ(info.path.kind, ast::Value::Kind::String);
  EXPECT_EQ(info.path.text, "models/it's.pt");
  EXPECT_EQ(info.path.pos.column, 23u);
  EXPECT_EQ(info.dataset.text, "fmnist");
  EXPECT_TRUE(info.options.empty());
}

TEST(ParseImportModel, TrainingRecipeOptions) {
  auto s = parseOne("import model ext from 'm.pt' on small with (epochs = 3, lr = 0.01);");
  const auto& info = s.as<ast::ImportModelInfo>();
  ASSERT_EQ(info.options.size(), 2u);
  EXPECT_EQ(info.options[0].name.text, "epochs");
  EXPECT_EQ(info.options[1].value.real, 0.01);
}

TEST(ParseExportModel, VersionAndFile) {
  auto s = parseOne("EXPORT MODEL clf@2 TO 'clf_v2.pt';");
  ASSERT_EQ(s.kind, ast::StatementKind::ExportModel);
  const auto& info = s.as<ast::ExportModelInfo>();
  EXPECT_EQ(info.model.name.text, "clf");
  ASSERT_TRUE(info.model.version.has_value());
  EXPECT_EQ(*info.model.version, 2);
  EXPECT_EQ(info.path.text, "clf_v2.pt");
  EXPECT_FALSE(parseOne("EXPORT MODEL clf TO 'x.pt';").as<ast::ExportModelInfo>().model.version.has_value());
}

TEST(ParseExportModel, ToStaysUsableAsAName) {
  // TO is a keyword only where EXPORT needs it: a model may still be called "to".
  auto s = parseOne("EXPORT MODEL to TO 'to.pt';");
  EXPECT_EQ(s.as<ast::ExportModelInfo>().model.name.text, "to");
  EXPECT_EQ(parseOne("SHOW VERSIONS OF to;").as<ast::ShowInfo>().of.text, "to");
}

TEST(ParseImportExport, ExplainWrapsThem) {
  auto s = parseOne("EXPLAIN EXPORT MODEL m TO 'm.pt';");
  ASSERT_EQ(s.kind, ast::StatementKind::Explain);
  EXPECT_EQ(s.as<ast::ExplainInfo>().inner->kind, ast::StatementKind::ExportModel);
}

TEST(ParseImportExport, SyntaxErrorsNameWhatIsMissing) {
  const auto expectIn = [](const std::string& text, const std::string& fragment) {
    const std::string message = syntaxError(text);
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
  };
  expectIn("IMPORT MODEL m FROM m.pt ON d;", "line 1:21: mismatched input 'm' expecting a string");
  expectIn("EXPORT MODEL m 'm.pt';", "line 1:16: missing TO at ''m.pt''");
  expectIn("IMPORT MODEL m FROM 'm.pt';", "expecting ON");
}

}  // namespace lethe::grammar::testing
