// CREATE DATASET ... FORMAT folder / cifar10 end to end: the files' class names reach the
// catalog, models train on them (resnet18 and vgg16_bn too, with a step schedule and
// augmentation), FORGET CLASS finds a class by its name, and bad files change nothing.
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/catalog.hpp"
#include "lethe/lethe.hpp"
#include "tests/unit/ml/idx_fixture.hpp"
#include "tests/unit/ml/image_dataset_fixture.hpp"

namespace {

using lethe::ml::testing::TempDir;
namespace fixture = lethe::ml::testing;

std::string describeValue(lethe::Connection& con, const std::string& statement, const std::string& property) {
  const auto r = con.query(statement);
  EXPECT_TRUE(r.ok()) << r.error();
  for (size_t row = 0; row < r.rows().size(); ++row)
    if (r.at(row, "property").text() == property) return r.at(row, "value").text();
  ADD_FAILURE() << "no property '" << property << "' in " << statement;
  return "";
}

TEST(DatasetFormats, FolderDatasetTrainsAndForgetsAClassByName) {
  TempDir dir;
  fixture::writeFolder(dir.path() + "/clothes", {"bag", "coat", "shirt"}, 12, 4, 1, 16);
  lethe::Database db(dir.path() + "/c.db");
  lethe::Connection con(db);
  auto r = con.query("CREATE DATASET clothes FROM '" + dir.path() + "/clothes' FORMAT folder;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "train").integer(), 36);
  EXPECT_EQ(r.at(0, "test").integer(), 12);
  EXPECT_EQ(r.at(0, "classes").integer(), 3);
  EXPECT_EQ(r.at(0, "shape").text(), "1x16x16");
  EXPECT_EQ(describeValue(con, "DESCRIBE DATASET clothes;", "classes"), "bag, coat, shirt");

  r = con.query("CREATE MODEL m ARCH cnn ON clothes WITH (epochs = 4, batch_size = 8, lr = 0.05, "
                "schedule = 'step', step_size = 2, gamma = 0.5, augment = true);");
  ASSERT_TRUE(r.ok()) << r.error();
  // The bright square per class is easy: far above chance (33%).
  EXPECT_GT(r.at(0, "train_acc").real(), 60.0);

  r = con.query("FORGET CLASS 'coat' FROM m USING retrain EVALUATE ua, ta;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "model").text(), "m@2");
  EXPECT_EQ(r.at(0, "forgotten").integer(), 12);
  // Retrained without any coat, the model cannot name one.
  EXPECT_DOUBLE_EQ(r.at(0, "ua").real(), 100.0);

  r = con.query("FORGET CLASS 'cot' FROM m USING retrain;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("unknown class 'cot'. Did you mean 'coat'?"), std::string::npos) << r.error();
}

TEST(DatasetFormats, Cifar10NamesReachTheCatalogAndTheLargeArchsTrain) {
  TempDir dir;
  fixture::writeCifar10(dir.path() + "/cifar", 4, 8);
  lethe::Database db(dir.path() + "/c.db");
  lethe::Connection con(db);
  auto r = con.query("CREATE DATASET c FROM '" + dir.path() + "/cifar' FORMAT cifar10;");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "train").integer(), 20);
  EXPECT_EQ(r.at(0, "shape").text(), "3x32x32");
  EXPECT_EQ(describeValue(con, "DESCRIBE DATASET c;", "classes"), "airplane, automobile, bird, cat");

  for (const std::string arch : {"resnet18", "vgg16_bn"}) {
    r = con.query("CREATE MODEL " + arch + " ARCH " + arch + " ON c WITH (epochs = 1, batch_size = 10, augment = true);");
    ASSERT_TRUE(r.ok()) << arch << ": " << r.error();
    EXPECT_GT(r.at(0, "parameters").integer(), 10000000) << arch;
  }
  // Eight test rows are too few to calibrate on: the rate is given.
  r = con.query("FORGET CLASS 'cat' FROM resnet18 USING ft WITH (epochs = 1, lr = 0.01, batch_size = 10);");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r.at(0, "model").text(), "resnet18@2");
  EXPECT_EQ(r.at(0, "forgotten").integer(), 5);
}

TEST(DatasetFormats, BadFilesAreClearErrorsAndChangeNothing) {
  TempDir dir;
  fixture::writeFolder(dir.path() + "/f", {"a", "b"}, 2, 1, 1, 8);
  const std::string odd = dir.path() + "/f/train/b/img_001.png";
  fixture::writeText(odd, "not a png");
  fixture::writeCifar10(dir.path() + "/cifar", 2, 2);
  std::filesystem::resize_file(dir.path() + "/cifar/data_batch_4.bin", 3073 + 5);
  {
    lethe::Database db(dir.path() + "/c.db");
    lethe::Connection con(db);
    ASSERT_TRUE(con.query("SHOW DATASETS;").ok());
  }
  const auto before = lethe::catalog::Catalog(dir.path() + "/c.db").fingerprint();
  lethe::Database db(dir.path() + "/c.db");
  lethe::Connection con(db);
  auto r = con.query("CREATE DATASET f FROM '" + dir.path() + "/f' FORMAT folder;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("cannot read PNG file '" + odd + "'"), std::string::npos) << r.error();
  r = con.query("CREATE DATASET c FROM '" + dir.path() + "/cifar' FORMAT cifar10;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("data_batch_4.bin' is truncated"), std::string::npos) << r.error();
  r = con.query("CREATE DATASET c FROM '" + dir.path() + "/cifar' FORMAT cifar100;");
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error().find("missing CIFAR-100 file"), std::string::npos) << r.error();
  EXPECT_EQ(before, lethe::catalog::Catalog(dir.path() + "/c.db").fingerprint());
}

}  // namespace
