// Scripts, case, comments, quoting, numbers and what each Statement remembers of its source.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

TEST(ParseScript, EmptyScriptsGiveNoStatements) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse("  \n\t ").empty());
  EXPECT_TRUE(parse("-- only a comment\n/* and another */").empty());
  EXPECT_TRUE(parse(";;").empty());  // empty statements, as in SQLite
}

TEST(ParseScript, SeveralStatementsKeepTheirTextAndPosition) {
  auto statements = parse("SHOW MODELS;\n  DESCRIBE RUN 7 ;SET seed = 1;");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].kind, ast::StatementKind::Show);
  EXPECT_EQ(statements[0].text, "SHOW MODELS");
  EXPECT_EQ(statements[0].pos.line, 1u);
  EXPECT_EQ(statements[0].pos.column, 1u);
  EXPECT_EQ(statements[1].kind, ast::StatementKind::Describe);
  EXPECT_EQ(statements[1].text, "DESCRIBE RUN 7");
  EXPECT_EQ(statements[1].pos.line, 2u);
  EXPECT_EQ(statements[1].pos.column, 3u);
  EXPECT_EQ(statements[2].kind, ast::StatementKind::Set);
  EXPECT_EQ(statements[2].text, "SET seed = 1");
  EXPECT_EQ(statements[2].pos.column, 19u);
}

TEST(ParseScript, KeywordsAreCaseInsensitive) {
  auto s = parseOne("fOrGeT cLaSs 'Sneaker' FrOm Clf UsInG SalUn tHrEsHoLd 0.5;");
  const auto& info = s.as<ast::ForgetInfo>();
  EXPECT_EQ(info.model.name.text, "Clf");  // names keep their spelling
  EXPECT_EQ(info.method.text, "SalUn");
  EXPECT_DOUBLE_EQ(*info.threshold, 0.5);
  EXPECT_EQ(parseOne("sHoW /* inline */ DaTaSeTs;").as<ast::ShowInfo>().what, ast::ShowInfo::What::Datasets);
}

TEST(ParseScript, CommentsAreSkippedEverywhere) {
  auto statements = parse(
      "-- leading comment\n"
      "CREATE /* between */ MODEL m -- trailing ; not a terminator\n"
      "  ARCH cnn ON d /* a ; inside */ WITH (epochs = 2);\n"
      "/* multi\n line */ SHOW RUNS; -- done");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[0].as<ast::CreateModelInfo>().options.at(0).value.integer, 2);
  EXPECT_EQ(statements[0].pos.line, 2u);
  EXPECT_EQ(statements[1].pos.line, 5u);
}

TEST(ParseScript, QuotedIdentifiers) {
  auto s = parseOne("CREATE MODEL \"my model\" ARCH cnn ON \"from\";");
  const auto& info = s.as<ast::CreateModelInfo>();
  EXPECT_EQ(info.name.text, "my model");
  EXPECT_EQ(info.dataset.text, "from");  // a reserved word, usable once quoted
  EXPECT_EQ(parseOne("DROP MODEL \"say \"\"hi\"\"\";").as<ast::DropInfo>().name.text, "say \"hi\"");
  EXPECT_NE(syntaxError("DROP MODEL \"\";").find("line 1:12: a quoted name must not be empty"), std::string::npos);
}

TEST(ParseScript, ModelVersions) {
  auto s = parseOne("DESCRIBE MODEL clf@3;");
  EXPECT_EQ(*s.as<ast::DescribeInfo>().model.version, 3);
  auto spaced = parseOne("FORGET CLASS 0 FROM \"c l f\" @ 12 USING ga;");
  EXPECT_EQ(spaced.as<ast::ForgetInfo>().model.name.text, "c l f");
  EXPECT_EQ(*spaced.as<ast::ForgetInfo>().model.version, 12);
}

TEST(ParseValues, NumbersStringsWordsBooleansLists) {
  auto s = parseOne(
      "CREATE MODEL m ARCH cnn ON d WITH (a = 1e-4, b = .5, c = 3., d = 'x''y', e = cosine, f = TRUE, "
      "g = (1, 'two', three), h = -0.25, salun.lr = 0.1, threshold = 2);");
  const auto& o = s.as<ast::CreateModelInfo>().options;
  ASSERT_EQ(o.size(), 10u);
  EXPECT_EQ(o[0].value.kind, ast::Value::Kind::Real);
  EXPECT_DOUBLE_EQ(o[0].value.real, 1e-4);
  EXPECT_EQ(o[0].value.text, "1e-4");
  EXPECT_DOUBLE_EQ(o[1].value.real, 0.5);
  EXPECT_DOUBLE_EQ(o[2].value.real, 3.0);
  EXPECT_EQ(o[3].value.kind, ast::Value::Kind::String);
  EXPECT_EQ(o[3].value.text, "x'y");
  EXPECT_EQ(o[4].value.kind, ast::Value::Kind::Word);
  EXPECT_EQ(o[4].value.text, "cosine");
  EXPECT_EQ(o[5].value.kind, ast::Value::Kind::Boolean);
  EXPECT_TRUE(o[5].value.boolean);
  EXPECT_EQ(o[6].value.kind, ast::Value::Kind::List);
  ASSERT_EQ(o[6].value.items.size(), 3u);
  EXPECT_EQ(o[6].value.items[0].integer, 1);
  EXPECT_EQ(o[6].value.items[1].text, "two");
  EXPECT_EQ(o[6].value.items[2].kind, ast::Value::Kind::Word);
  EXPECT_EQ(o[6].value.text, "(1, 'two', three)");
  EXPECT_DOUBLE_EQ(o[7].value.real, -0.25);
  EXPECT_EQ(o[7].value.text, "-0.25");
  EXPECT_EQ(o[8].name.text, "salun.lr");
  EXPECT_EQ(o[9].name.text, "threshold");
  EXPECT_EQ(o[0].value.pos.column, 40u);
}

TEST(ParseValues, AnyKeywordMayNameAnOption) {
  auto s = parseOne("CREATE MODEL m ARCH cnn ON d WITH (from = 1, with.into = 2, epochs = 3);");
  const auto& o = s.as<ast::CreateModelInfo>().options;
  EXPECT_EQ(o[0].name.text, "from");
  EXPECT_EQ(o[1].name.text, "with.into");
  EXPECT_EQ(o[2].name.text, "epochs");
}

TEST(ParseValues, NumbersThatDoNotFitAreSyntaxErrors) {
  EXPECT_NE(syntaxError("SET seed = 99999999999999999999;").find("line 1:12: integer 99999999999999999999 is out of range"),
            std::string::npos);
  EXPECT_NE(syntaxError("SET x = 1e999;").find("number 1e999 is out of range"), std::string::npos);
  EXPECT_EQ(parseOne("SET x = -9223372036854775808;").as<ast::SetInfo>().value.integer, INT64_MIN);
}

}  // namespace lethe::grammar::testing
