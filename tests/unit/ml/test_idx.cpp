// Reading IDX datasets: plain and gzip files, the errors for broken files, the cache and subsets.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "idx_fixture.hpp"
#include "ml/dataset.hpp"

namespace lethe::ml {
namespace {

using testing::idxBytes;
using testing::imagePayload;
using testing::TempDir;
using testing::TinyIdx;
using testing::writeFile;

// Runs `action`, expecting lethe::Error of `kind` whose message contains `fragment`.
template <typename Action>
void expectError(Action action, ErrorKind kind, const std::string& fragment) {
  try {
    action();
    FAIL() << "expected an error containing: " << fragment;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), kind) << error.what();
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

void expectTinyContents(const Dataset& data, const TinyIdx& tiny) {
  ASSERT_EQ(data.train.images.sizes(), (std::vector<int64_t>{5, 1, 4, 3}));
  ASSERT_EQ(data.test.images.sizes(), (std::vector<int64_t>{3, 1, 4, 3}));
  EXPECT_EQ(data.train.images.scalar_type(), torch::kUInt8);
  EXPECT_EQ(data.train.labels.scalar_type(), torch::kInt64);
  EXPECT_EQ(data.num_classes, tiny.classes);
  for (int64_t i = 0; i < 5; ++i) {
    EXPECT_TRUE(data.train.images[i].eq(10 + i).all().item<bool>()) << "train row " << i;
    EXPECT_EQ(data.train.labels[i].item<int64_t>(), i % tiny.classes);
  }
  EXPECT_TRUE(data.test.images[2].eq(102).all().item<bool>());
}

TEST(IdxDataset, LoadsPlainFiles) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), /*gzip=*/false);
  expectTinyContents(*loadDataset(tiny.source(dir.path())), tiny);
}

TEST(IdxDataset, LoadsGzipFiles) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), /*gzip=*/true);
  expectTinyContents(*loadDataset(tiny.source(dir.path())), tiny);
}

TEST(IdxDataset, MissingFileIsNamed) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  std::filesystem::remove(dir.path() + "/t10k-labels-idx1-ubyte");
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io,
              "missing IDX file '" + dir.path() + "/t10k-labels-idx1-ubyte[.gz]'");
}

TEST(IdxDataset, TruncatedFileIsNamed) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), true);
  // Five 4x3 images need 60 bytes; write 50.
  std::vector<uint8_t> pixels = imagePayload(5, 4, 3, 10);
  pixels.resize(50);
  const std::string path = dir.path() + "/train-images-idx3-ubyte.gz";
  writeFile(path, idxBytes({5, 4, 3}, pixels), true);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io,
              "IDX file '" + path + "' is truncated: expected 60 bytes of image data, found 50");
}

TEST(IdxDataset, CountMismatchBetweenImagesAndLabels) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  writeFile(dir.path() + "/train-labels-idx1-ubyte", idxBytes({4}, {0, 1, 2, 3}), false);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io, "holds 5 images but");
}

TEST(IdxDataset, BadMagicAndRankAreRejected) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  const std::string labels = dir.path() + "/train-labels-idx1-ubyte";
  writeFile(labels, {1, 2, 3, 4, 5, 6, 7, 8}, false);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io, "is not an IDX file");
  // Images where labels belong: three dimensions instead of one.
  writeFile(labels, idxBytes({5, 4, 3}, imagePayload(5, 4, 3, 0)), false);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io, "has 3 dimensions, expected 1");
}

TEST(IdxDataset, LabelsMustNameClassesWithTrainingRows) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  // One stray 255 among four classes would make 256 classes, 252 of them without a row.
  writeFile(dir.path() + "/train-labels-idx1-ubyte", idxBytes({5}, {0, 1, 2, 255, 0}), false);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io,
              "must be 0..255 with training rows for every class, but class 3 has none while row 3 is labelled 255");
  tiny.write(dir.path(), false);
  writeFile(dir.path() + "/t10k-labels-idx1-ubyte", idxBytes({3}, {0, 1, 7}), false);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io,
              "must be among the training classes 0..3, but row 2 is labelled 7");
}

TEST(IdxDataset, BytesAfterTheDeclaredDataAreRejected) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), true);
  std::vector<uint8_t> labels = tiny.labels(5);
  labels.resize(105, 0);  // 100 bytes more than the header's 5
  const std::string path = dir.path() + "/train-labels-idx1-ubyte.gz";
  writeFile(path, idxBytes({5}, labels), true);
  expectError([&] { loadDataset(tiny.source(dir.path())); }, ErrorKind::Io,
              "IDX file '" + path + "' has 100 bytes after the 5 bytes of label data its header declares");
}

TEST(IdxDataset, ChangedFilesAreReloaded) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  EXPECT_EQ(loadDataset(tiny.source(dir.path()))->train.size(), 5);
  tiny.train = 7;
  tiny.write(dir.path(), false);
  EXPECT_EQ(loadDataset(tiny.source(dir.path()))->train.size(), 7);
}

TEST(IdxDataset, ShapeRecordedInCatalogMustMatchFiles) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  exec::DatasetSource source = tiny.source(dir.path());
  source.height = 28;
  expectError([&] { loadDataset(source); }, ErrorKind::Io, "hold 1x4x3 images");
}

TEST(IdxDataset, SubsetSelectsRowsInOrder) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), false);
  exec::DatasetSource source = tiny.source(dir.path());
  source.train_ids = std::vector<int64_t>{4, 1};
  source.test_ids = std::vector<int64_t>{2};
  const auto subset = loadDataset(source);
  ASSERT_EQ(subset->train.size(), 2);
  EXPECT_TRUE(subset->train.images[0].eq(14).all().item<bool>());
  EXPECT_TRUE(subset->train.images[1].eq(11).all().item<bool>());
  EXPECT_EQ(subset->train.labels[0].item<int64_t>(), 0);
  EXPECT_EQ(subset->train.labels[1].item<int64_t>(), 1);
  ASSERT_EQ(subset->test.size(), 1);
  EXPECT_TRUE(subset->test.images[0].eq(102).all().item<bool>());
  EXPECT_EQ(subset->num_classes, tiny.classes);

  source.train_ids = std::vector<int64_t>{0, 5};
  expectError([&] { loadDataset(source); }, ErrorKind::Execution, "train id 5 is out of range");
}

TEST(IdxDataset, ProbeReportsShapeClassesAndContentHash) {
  TempDir dir;
  TinyIdx tiny;
  tiny.write(dir.path(), true);
  const exec::DatasetProbe probe = probeDataset("idx", dir.path());
  EXPECT_EQ(probe.num_train, 5);
  EXPECT_EQ(probe.num_test, 3);
  EXPECT_EQ(probe.num_classes, 4);
  EXPECT_EQ(probe.channels, 1);
  EXPECT_EQ(probe.height, 4);
  EXPECT_EQ(probe.width, 3);
  ASSERT_EQ(probe.content_hash.size(), 64u);
  EXPECT_EQ(probe.content_hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(probeDataset("idx", dir.path()).content_hash, probe.content_hash);

  writeFile(dir.path() + "/t10k-labels-idx1-ubyte.gz", idxBytes({3}, {2, 1, 0}), true);
  EXPECT_NE(probeDataset("idx", dir.path()).content_hash, probe.content_hash);
  expectError([&] { probeDataset("cifar", dir.path()); }, ErrorKind::Io, "unknown dataset format 'cifar'");
}

TEST(IdxDataset, InputsAreScaledToUnitRange) {
  torch::Tensor images = torch::tensor({0, 51, 255}, torch::kUInt8).reshape({1, 1, 1, 3});
  torch::Tensor input = toInput(images, torch::kCPU);
  EXPECT_EQ(input.scalar_type(), torch::kFloat32);
  EXPECT_TRUE(torch::allclose(input.flatten(), torch::tensor({0.0f, 0.2f, 1.0f})));
}

}  // namespace
}  // namespace lethe::ml
