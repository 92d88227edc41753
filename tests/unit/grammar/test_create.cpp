// CREATE DATASET and CREATE MODEL.
#include "parse_helpers.hpp"

namespace lethe::grammar::testing {

using Source = ast::CreateDatasetInfo::Source;

TEST(ParseCreateDataset, Builtin) {
  auto s = parseOne("CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';");
  ASSERT_EQ(s.kind, ast::StatementKind::CreateDataset);
  const auto& info = s.as<ast::CreateDatasetInfo>();
  EXPECT_EQ(info.name.text, "fmnist");
  EXPECT_EQ(info.name.pos.line, 1u);
  EXPECT_EQ(info.name.pos.column, 16u);
  EXPECT_EQ(info.source, Source::Builtin);
  EXPECT_EQ(info.location.kind, ast::Value::Kind::String);
  EXPECT_EQ(info.location.text, "fashion-mnist");
  EXPECT_EQ(info.location.pos.column, 36u);
  EXPECT_FALSE(info.if_not_exists);
  EXPECT_TRUE(info.options.empty());
}

TEST(ParseCreateDataset, IfNotExists) {
  auto s = parseOne("create dataset if not exists fmnist from builtin 'fashion-mnist';");
  EXPECT_TRUE(s.as<ast::CreateDatasetInfo>().if_not_exists);
  EXPECT_EQ(s.as<ast::CreateDatasetInfo>().name.text, "fmnist");
}

TEST(ParseCreateDataset, PathWithFormat) {
  auto s = parseOne("CREATE DATASET digits FROM 'data/it''s here' FORMAT idx;");
  const auto& info = s.as<ast::CreateDatasetInfo>();
  EXPECT_EQ(info.source, Source::Path);
  EXPECT_EQ(info.location.text, "data/it's here");
  EXPECT_EQ(info.format.text, "idx");
}

TEST(ParseCreateDataset, SubsetWithOptions) {
  auto s = parseOne("CREATE DATASET small AS SUBSET OF fmnist WITH (train = 5000, test = 1000, seed = 1);");
  const auto& info = s.as<ast::CreateDatasetInfo>();
  EXPECT_EQ(info.source, Source::Subset);
  EXPECT_EQ(info.parent.text, "fmnist");
  ASSERT_EQ(info.options.size(), 3u);
  EXPECT_EQ(info.options[0].name.text, "train");
  EXPECT_EQ(info.options[0].value.kind, ast::Value::Kind::Integer);
  EXPECT_EQ(info.options[0].value.integer, 5000);
  EXPECT_EQ(info.options[1].name.text, "test");
  EXPECT_EQ(info.options[1].value.integer, 1000);
  EXPECT_EQ(info.options[2].name.text, "seed");  // a keyword used as an option name
  EXPECT_EQ(info.options[2].value.integer, 1);
}

TEST(ParseCreateDataset, SubsetWithoutOptions) {
  auto s = parseOne("CREATE DATASET small AS SUBSET OF fmnist;");
  EXPECT_TRUE(s.as<ast::CreateDatasetInfo>().options.empty());
}

TEST(ParseCreateModel, AllParts) {
  auto s = parseOne("CREATE MODEL clf ARCH cnn ON fmnist WITH (epochs = 8, lr = 0.05, batch_size = 128, seed = 1);");
  ASSERT_EQ(s.kind, ast::StatementKind::CreateModel);
  const auto& info = s.as<ast::CreateModelInfo>();
  EXPECT_EQ(info.name.text, "clf");
  EXPECT_EQ(info.arch.text, "cnn");
  EXPECT_EQ(info.dataset.text, "fmnist");
  EXPECT_FALSE(info.if_not_exists);
  ASSERT_EQ(info.options.size(), 4u);
  EXPECT_EQ(info.options[1].name.text, "lr");
  EXPECT_EQ(info.options[1].value.kind, ast::Value::Kind::Real);
  EXPECT_DOUBLE_EQ(info.options[1].value.real, 0.05);
  EXPECT_EQ(info.options[2].name.text, "batch_size");
  EXPECT_DOUBLE_EQ(info.options[2].value.real, 128.0);  // integers fill real too
}

TEST(ParseCreateModel, IfNotExistsWithoutOptions) {
  auto s = parseOne("CREATE MODEL IF NOT EXISTS m ARCH mlp ON d;");
  const auto& info = s.as<ast::CreateModelInfo>();
  EXPECT_TRUE(info.if_not_exists);
  EXPECT_EQ(info.name.text, "m");
  EXPECT_TRUE(info.options.empty());
}

TEST(ParseCreateModel, KeywordsAsNames) {
  // Words that are keywords elsewhere may name things where no keyword could stand.
  auto s = parseOne("CREATE MODEL model ARCH arch ON dataset;");
  const auto& info = s.as<ast::CreateModelInfo>();
  EXPECT_EQ(info.name.text, "model");
  EXPECT_EQ(info.arch.text, "arch");
  EXPECT_EQ(info.dataset.text, "dataset");
}

}  // namespace lethe::grammar::testing
