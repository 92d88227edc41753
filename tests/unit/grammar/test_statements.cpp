// EVALUATE MODEL, SHOW, DESCRIBE, DROP, SET and EXPLAIN.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

TEST(ParseEvaluate, MetricsForRun) {
  auto s = parseOne("EVALUATE MODEL clf@2 METRICS (ua, ra, ta, mia) FOR RUN 7;");
  ASSERT_EQ(s.kind, ast::StatementKind::EvaluateModel);
  const auto& info = s.as<ast::EvaluateModelInfo>();
  EXPECT_EQ(info.model.name.text, "clf");
  EXPECT_EQ(*info.model.version, 2);
  ASSERT_EQ(info.metrics.size(), 4u);
  EXPECT_EQ(info.metrics[0].text, "ua");
  EXPECT_EQ(info.metrics[0].pos.column, 31u);
  EXPECT_EQ(*info.run_id, 7);
  EXPECT_FALSE(info.forget_set_id.has_value());
  EXPECT_EQ(info.for_pos.column, 48u);
}

TEST(ParseEvaluate, ForForgetSetAndBare) {
  auto s = parseOne("EVALUATE MODEL clf FOR FORGET SET 3;");
  const auto& info = s.as<ast::EvaluateModelInfo>();
  EXPECT_EQ(*info.forget_set_id, 3);
  EXPECT_FALSE(info.run_id.has_value());
  EXPECT_TRUE(info.metrics.empty());

  auto bare = parseOne("EVALUATE MODEL clf;");
  EXPECT_FALSE(bare.as<ast::EvaluateModelInfo>().run_id.has_value());
  EXPECT_FALSE(bare.as<ast::EvaluateModelInfo>().forget_set_id.has_value());
}

TEST(ParseShow, EveryListing) {
  using What = ast::ShowInfo::What;
  const std::vector<std::pair<std::string, What>> cases = {
      {"SHOW DATASETS;", What::Datasets}, {"SHOW MODELS;", What::Models},   {"SHOW RUNS;", What::Runs},
      {"SHOW METHODS;", What::Methods},   {"SHOW METRICS;", What::Metrics}, {"SHOW ARCHS;", What::Archs},
      {"SHOW FORGET SETS;", What::ForgetSets}};
  for (const auto& [text, what] : cases) {
    auto s = parseOne(text);
    ASSERT_EQ(s.kind, ast::StatementKind::Show) << text;
    EXPECT_EQ(s.as<ast::ShowInfo>().what, what) << text;
  }
  auto versions = parseOne("SHOW VERSIONS OF clf;");
  EXPECT_EQ(versions.as<ast::ShowInfo>().what, What::Versions);
  EXPECT_EQ(versions.as<ast::ShowInfo>().of.text, "clf");
}

TEST(ParseDescribe, EveryObject) {
  using What = ast::DescribeInfo::What;
  auto model = parseOne("DESCRIBE MODEL clf@2;");
  EXPECT_EQ(model.as<ast::DescribeInfo>().what, What::Model);
  EXPECT_EQ(model.as<ast::DescribeInfo>().model.name.text, "clf");
  EXPECT_EQ(*model.as<ast::DescribeInfo>().model.version, 2);

  auto dataset = parseOne("DESCRIBE DATASET fmnist;");
  EXPECT_EQ(dataset.as<ast::DescribeInfo>().what, What::Dataset);
  EXPECT_EQ(dataset.as<ast::DescribeInfo>().model.name.text, "fmnist");

  auto method = parseOne("DESCRIBE METHOD salun;");
  EXPECT_EQ(method.as<ast::DescribeInfo>().what, What::Method);
  EXPECT_EQ(method.as<ast::DescribeInfo>().model.name.text, "salun");

  auto run = parseOne("DESCRIBE RUN 7;");
  EXPECT_EQ(run.as<ast::DescribeInfo>().what, What::Run);
  EXPECT_EQ(run.as<ast::DescribeInfo>().run_id, 7);
  EXPECT_EQ(run.as<ast::DescribeInfo>().pos.column, 14u);
}

TEST(ParseDrop, IfExistsBeforeOrAfterTheName) {
  auto after = parseOne("DROP MODEL clf_clean IF EXISTS;");
  EXPECT_EQ(after.as<ast::DropInfo>().what, ast::DropInfo::What::Model);
  EXPECT_EQ(after.as<ast::DropInfo>().name.text, "clf_clean");
  EXPECT_TRUE(after.as<ast::DropInfo>().if_exists);

  auto before = parseOne("DROP DATASET IF EXISTS small;");
  EXPECT_EQ(before.as<ast::DropInfo>().what, ast::DropInfo::What::Dataset);
  EXPECT_EQ(before.as<ast::DropInfo>().name.text, "small");
  EXPECT_TRUE(before.as<ast::DropInfo>().if_exists);

  auto plain = parseOne("DROP MODEL m;");
  EXPECT_FALSE(plain.as<ast::DropInfo>().if_exists);
}

TEST(ParseSet, ValueKinds) {
  auto device = parseOne("SET device = 'cuda';");
  ASSERT_EQ(device.kind, ast::StatementKind::Set);
  EXPECT_EQ(device.as<ast::SetInfo>().name.text, "device");
  EXPECT_EQ(device.as<ast::SetInfo>().value.kind, ast::Value::Kind::String);
  EXPECT_EQ(device.as<ast::SetInfo>().value.text, "cuda");

  auto threads = parseOne("SET threads = 2;");
  EXPECT_EQ(threads.as<ast::SetInfo>().value.kind, ast::Value::Kind::Integer);
  EXPECT_EQ(threads.as<ast::SetInfo>().value.integer, 2);

  auto word = parseOne("SET device = auto;");
  EXPECT_EQ(word.as<ast::SetInfo>().value.kind, ast::Value::Kind::Word);
  EXPECT_EQ(word.as<ast::SetInfo>().value.text, "auto");

  auto boolean = parseOne("SET verbose = false;");
  EXPECT_EQ(boolean.as<ast::SetInfo>().value.kind, ast::Value::Kind::Boolean);
  EXPECT_FALSE(boolean.as<ast::SetInfo>().value.boolean);

  auto seed = parseOne("SET seed = -1;");  // a keyword as the setting's name, a negative value
  EXPECT_EQ(seed.as<ast::SetInfo>().name.text, "seed");
  EXPECT_EQ(seed.as<ast::SetInfo>().value.integer, -1);
  EXPECT_EQ(seed.as<ast::SetInfo>().value.text, "-1");
}

TEST(ParseExplain, PlainAndAnalyze) {
  auto plain = parseOne("EXPLAIN FORGET CLASS 'Sneaker' FROM clf USING salun;");
  ASSERT_EQ(plain.kind, ast::StatementKind::Explain);
  const auto& info = plain.as<ast::ExplainInfo>();
  EXPECT_FALSE(info.analyze);
  ASSERT_TRUE(info.inner);
  EXPECT_EQ(info.inner->kind, ast::StatementKind::Forget);
  EXPECT_EQ(info.inner->text, "FORGET CLASS 'Sneaker' FROM clf USING salun");
  EXPECT_EQ(info.inner->pos.column, 9u);
  EXPECT_EQ(info.inner->as<ast::ForgetInfo>().method.text, "salun");
  EXPECT_EQ(plain.text, "EXPLAIN FORGET CLASS 'Sneaker' FROM clf USING salun");

  auto analyze = parseOne("explain analyze CREATE MODEL m ARCH cnn ON d;");
  EXPECT_TRUE(analyze.as<ast::ExplainInfo>().analyze);
  EXPECT_EQ(analyze.as<ast::ExplainInfo>().inner->kind, ast::StatementKind::CreateModel);
}

TEST(ParseExplain, CannotNest) {
  EXPECT_NE(syntaxError("EXPLAIN EXPLAIN SHOW MODELS;").find("line 1:9"), std::string::npos);
}

}  // namespace lethe::grammar::testing

// ---- governance ----------------------------------------------------------------------

TEST(GovernanceStatements, RequestsLineageVersionsAndCertificates) {
  using lethe::ast::StatementKind;
  const auto parsed = lethe::grammar::parse(
      "CREATE REQUEST 'r-17' WITH (subject = 'user 42', samples = (17, 4242) OF fmnist, due = '2027-01-31');"
      "FORGET FOR REQUEST 'r-17' USING salun WITH (epochs = 1);"
      "SHOW MODELS CONTAINING SAMPLES (17, 4242) OF fmnist;"
      "SHOW MODELS CONTAINING CLASS 'Bag', 3 OF fmnist;"
      "SET ACTIVE clf@2; ROLLBACK MODEL clf TO 1; DROP MODEL clf@3 CASCADE;"
      "EXPORT CERTIFICATE FOR REQUEST 'r-17' TO 'c.json'; EXPORT CERTIFICATE FOR RUN 7 TO 'd.json';"
      "VERIFY CERTIFICATE 'c.json'; VERIFY AUDIT; SHOW AUDIT; SHOW REQUESTS; DESCRIBE REQUEST 'r-17';"
      "SET active = 1;");
  ASSERT_EQ(parsed.size(), 15u);
  const auto& request = parsed[0].as<lethe::ast::CreateRequestInfo>();
  EXPECT_EQ(request.name.text, "r-17");
  ASSERT_EQ(request.options.size(), 3u);
  EXPECT_FALSE(request.options[0].of.has_value());
  ASSERT_TRUE(request.options[1].of.has_value());
  EXPECT_EQ(request.options[1].of->text, "fmnist");
  EXPECT_EQ(request.options[1].option.value.items.size(), 2u);
  EXPECT_EQ(parsed[1].as<lethe::ast::ForgetInfo>().request->text, "r-17");
  const auto& lineage = parsed[2].as<lethe::ast::ShowInfo>();
  EXPECT_EQ(lineage.what, lethe::ast::ShowInfo::What::ModelsContaining);
  EXPECT_EQ(lineage.containing.sample_ids, (std::vector<int64_t>{17, 4242}));
  EXPECT_EQ(lineage.of.text, "fmnist");
  EXPECT_EQ(parsed[3].as<lethe::ast::ShowInfo>().containing.classes.size(), 2u);
  EXPECT_EQ(parsed[4].kind, StatementKind::Activate);
  EXPECT_EQ(*parsed[4].as<lethe::ast::ActivateInfo>().model.version, 2);
  EXPECT_TRUE(parsed[5].as<lethe::ast::ActivateInfo>().rollback);
  EXPECT_TRUE(parsed[6].as<lethe::ast::DropInfo>().cascade);
  EXPECT_EQ(*parsed[6].as<lethe::ast::DropInfo>().version, 3);
  EXPECT_EQ(parsed[7].as<lethe::ast::ExportCertificateInfo>().request->text, "r-17");
  EXPECT_EQ(parsed[7].as<lethe::ast::ExportCertificateInfo>().path.text, "c.json");
  EXPECT_EQ(*parsed[8].as<lethe::ast::ExportCertificateInfo>().run_id, 7);
  EXPECT_EQ(parsed[9].as<lethe::ast::VerifyInfo>().what, lethe::ast::VerifyInfo::What::Certificate);
  EXPECT_EQ(parsed[10].as<lethe::ast::VerifyInfo>().what, lethe::ast::VerifyInfo::What::Audit);
  EXPECT_EQ(parsed[13].as<lethe::ast::DescribeInfo>().request.text, "r-17");
  // `active` stays a setting name: only SET ACTIVE followed by a model is the statement.
  EXPECT_EQ(parsed[14].kind, StatementKind::Set);
}
