// FORMAT cifar10, cifar100 and folder: shapes, labels, class names and pixel values of tiny
// datasets written here, and a clear error naming the file for each kind of bad input.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "idx_fixture.hpp"
#include "image_dataset_fixture.hpp"
#include "ml/dataset.hpp"
#include "ml/dataset_formats.hpp"

namespace lethe::ml {
namespace {

using testing::TempDir;

// The message of the Error(Io) `read` throws; fails the test when it does not throw.
template <class Read>
std::string ioError(Read read) {
  try {
    read();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Io) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

torch::Tensor expectedImage(int64_t image, int64_t label, int64_t channels, int64_t size) {
  std::vector<uint8_t> pixels = testing::chwImage(image, label, channels, size);
  return torch::from_blob(pixels.data(), {channels, size, size}, torch::kUInt8).clone();
}

TEST(Cifar10, ReadsRecordsLabelsNamesAndPlanarPixels) {
  TempDir dir;
  testing::writeCifar10(dir.path(), 3, 4);
  const Dataset data = readDataset("cifar10", dir.path());
  EXPECT_EQ(data.train.images.sizes(), (std::vector<int64_t>{15, 3, 32, 32}));
  EXPECT_EQ(data.test.images.sizes(), (std::vector<int64_t>{4, 3, 32, 32}));
  EXPECT_EQ(data.class_names, testing::kCifarNames);
  EXPECT_EQ(data.num_classes, 4);
  // Batches concatenate in order: training row r has label r % 4 and background image r.
  for (int64_t row : {0, 4, 14}) {
    EXPECT_EQ(data.train.labels[row].item<int64_t>(), row % 4);
    EXPECT_TRUE(torch::equal(data.train.images[row], expectedImage(row, row % 4, 3, 32))) << "row " << row;
  }
  EXPECT_TRUE(torch::equal(data.test.images[3], expectedImage(1003, 3, 3, 32)));
  // The red plane comes first in a record: channel 0 holds it.
  EXPECT_EQ(data.train.images[1][0][31][31].item<uint8_t>(), testing::pixelValue(1, 0, 31, 31));
  EXPECT_EQ(data.train.images[1][2][31][31].item<uint8_t>(), testing::pixelValue(1, 2, 31, 31));
}

TEST(Cifar100, UsesTheFineLabelAndItsNames) {
  TempDir dir;
  const std::vector<std::string> fine = {"apple", "bee", "castle", "dolphin", "elephant"};
  testing::writeCifar100(dir.path(), 12, 5, fine);
  const Dataset data = readDataset("cifar100", dir.path());
  EXPECT_EQ(data.train.images.sizes(), (std::vector<int64_t>{12, 3, 32, 32}));
  EXPECT_EQ(data.class_names, fine);
  EXPECT_EQ(data.num_classes, 5);
  // The coarse byte is 99 everywhere: reading it would fail the label range check.
  EXPECT_TRUE(torch::equal(data.train.labels, torch::arange(12, torch::kInt64) % 5));
  EXPECT_TRUE(torch::equal(data.train.images[7], expectedImage(7, 2, 3, 32)));
}

TEST(Cifar, MissingTruncatedAndBadFilesNameTheFile) {
  TempDir dir;
  testing::writeCifar10(dir.path(), 2, 2);
  std::filesystem::remove(dir.path() + "/data_batch_3.bin");
  EXPECT_NE(ioError([&] { readDataset("cifar10", dir.path()); }).find("missing CIFAR-10 file '" + dir.path() + "/data_batch_3.bin'"),
            std::string::npos);

  testing::writeCifar10(dir.path(), 2, 2);
  std::vector<uint8_t> short_batch = testing::cifarRecords(2, 0, 4, 1, 0, 0);
  short_batch.resize(short_batch.size() - 100);
  testing::writeBytes(dir.path() + "/test_batch.bin", short_batch);
  const std::string truncated = ioError([&] { readDataset("cifar10", dir.path()); });
  EXPECT_NE(truncated.find("'" + dir.path() + "/test_batch.bin' is truncated"), std::string::npos) << truncated;

  testing::writeCifar10(dir.path(), 2, 2);
  testing::writeBytes(dir.path() + "/data_batch_2.bin", testing::cifarRecords(3, 5, 9, 1, 0, 0));  // labels 5, 6, 7
  const std::string range = ioError([&] { readDataset("cifar10", dir.path()); });
  EXPECT_NE(range.find("data_batch_2.bin' has label 5 in record 0"), std::string::npos) << range;
  EXPECT_NE(range.find("names only 4 classes"), std::string::npos) << range;

  testing::writeCifar10(dir.path(), 2, 2, {"cat", "dog", "cat"});
  EXPECT_NE(ioError([&] { readDataset("cifar10", dir.path()); }).find("names class 'cat' twice"), std::string::npos);

  TempDir empty;
  EXPECT_NE(ioError([&] { readDataset("cifar100", empty.path()); }).find("missing CIFAR-100 file '" + empty.path() + "/train.bin'"),
            std::string::npos);
}

TEST(ImageFolder, ReadsSortedClassesAndFilesInGreyAndColour) {
  TempDir grey;
  testing::writeFolder(grey.path(), {"bag", "coat", "shirt"}, 3, 2, 1, 12);
  const Dataset data = readDataset("folder", grey.path());
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"bag", "coat", "shirt"}));
  EXPECT_EQ(data.train.images.sizes(), (std::vector<int64_t>{9, 1, 12, 12}));
  EXPECT_EQ(data.test.images.sizes(), (std::vector<int64_t>{6, 1, 12, 12}));
  EXPECT_TRUE(torch::equal(data.train.labels, torch::tensor({0, 0, 0, 1, 1, 1, 2, 2, 2}, torch::kInt64)));
  for (int64_t row = 0; row < 9; ++row)
    EXPECT_TRUE(torch::equal(data.train.images[row], expectedImage(row, row / 3, 1, 12))) << "row " << row;
  EXPECT_TRUE(torch::equal(data.test.images[5], expectedImage(1005, 2, 1, 12)));

  TempDir colour;
  testing::writeFolder(colour.path(), {"a", "b"}, 2, 1, 3, 8);
  const Dataset rgb = readDataset("folder", colour.path());
  EXPECT_EQ(rgb.train.images.sizes(), (std::vector<int64_t>{4, 3, 8, 8}));
  // Interleaved RGB in the file, planar channels in the tensor.
  EXPECT_TRUE(torch::equal(rgb.train.images[3], expectedImage(3, 1, 3, 8)));
}

TEST(ImageFolder, ClassesAreNamedBySortedFolderAndTestMayLackOne) {
  TempDir dir;
  // Written as dog=0, cat=1; read back sorted, so cat is class 0 and holds the images
  // written with label 1.
  testing::writeFolder(dir.path(), {"dog", "cat"}, 2, 1, 1, 8);
  std::filesystem::remove_all(dir.path() + "/test/dog");
  // Hidden entries and other files are ignored.
  testing::writeText(dir.path() + "/train/cat/notes.txt", "not an image");
  std::filesystem::create_directories(dir.path() + "/train/.cache");
  const Dataset data = readDataset("folder", dir.path());
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(data.train.size(), 4);
  EXPECT_EQ(data.test.size(), 1);
  EXPECT_TRUE(torch::equal(data.train.images[0], expectedImage(2, 1, 1, 8)));
  EXPECT_EQ(data.test.labels[0].item<int64_t>(), 0);
}

TEST(ImageFolder, BadImagesAndLayoutsNameTheProblem) {
  TempDir dir;
  testing::writeFolder(dir.path(), {"a", "b"}, 2, 1, 1, 8);
  // A 10x10 image among 8x8 ones.
  const std::string odd = dir.path() + "/train/b/img_001.png";
  testing::writePng(odd, testing::chwImage(0, 0, 1, 10), 1, 10, 10);
  std::string message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("image '" + odd + "' is 1x10x10"), std::string::npos) << message;
  EXPECT_NE(message.find("must share one size and channel count"), std::string::npos) << message;

  // A colour image among grey ones.
  testing::writePng(odd, testing::chwImage(0, 0, 3, 8), 3, 8, 8);
  message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("image '" + odd + "' is 3x8x8"), std::string::npos) << message;

  // Not a PNG at all, then a truncated one.
  testing::writeText(odd, "this is not a png");
  message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("cannot read PNG file '" + odd + "'"), std::string::npos) << message;
  testing::writePng(odd, testing::chwImage(0, 0, 1, 8), 1, 8, 8);
  std::filesystem::resize_file(odd, std::filesystem::file_size(odd) - 20);
  message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("cannot read PNG file '" + odd + "'"), std::string::npos) << message;
  testing::writePng(odd, testing::chwImage(0, 0, 1, 8), 1, 8, 8);

  // A test class the training split does not have; a missing test/ folder.
  std::filesystem::create_directories(dir.path() + "/test/c");
  message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("class folder '" + dir.path() + "/test/c' has no counterpart"), std::string::npos) << message;
  std::filesystem::remove_all(dir.path() + "/test");
  message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("missing folder '" + dir.path() + "/test'"), std::string::npos) << message;

  // A training class without images.
  std::filesystem::create_directories(dir.path() + "/test");
  std::filesystem::create_directories(dir.path() + "/train/empty");
  message = ioError([&] { readDataset("folder", dir.path()); });
  EXPECT_NE(message.find("class folder '" + dir.path() + "/train/empty' holds no .png images"), std::string::npos) << message;
}

TEST(DatasetFormats, UnknownFormatSuggestsAName) {
  EXPECT_EQ(ioError([] { readDataset("cifar", "."); }), "unknown dataset format 'cifar'. Did you mean 'cifar10'?");
}

TEST(DatasetFormats, LoadAndProbeCarryClassNamesAndHashLabels) {
  TempDir dir;
  testing::writeFolder(dir.path(), {"a", "b"}, 2, 1, 1, 8);
  exec::DatasetProbe probe = probeDataset("folder", dir.path());
  EXPECT_EQ(probe.class_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(probe.num_train, 4);
  EXPECT_EQ(probe.channels, 1);
  EXPECT_EQ(probe.height, 8);
  // Renaming a class folder changes the labels' names, so the hash changes with it.
  std::filesystem::rename(dir.path() + "/train/b", dir.path() + "/train/c");
  std::filesystem::rename(dir.path() + "/test/b", dir.path() + "/test/c");
  const exec::DatasetProbe renamed = probeDataset("folder", dir.path());
  EXPECT_EQ(renamed.class_names, (std::vector<std::string>{"a", "c"}));
  EXPECT_NE(renamed.content_hash, probe.content_hash);

  TempDir cifar;
  testing::writeCifar10(cifar.path(), 2, 3);
  exec::DatasetSource source;
  source.format = "cifar10";
  source.path = cifar.path();
  source.num_classes = 4;
  source.channels = 3;
  source.height = source.width = 32;
  source.train_ids = std::vector<int64_t>{9, 1};
  const auto subset = loadDataset(source);
  EXPECT_EQ(subset->train.size(), 2);
  EXPECT_EQ(subset->class_names, testing::kCifarNames);
  EXPECT_EQ(subset->train.labels[0].item<int64_t>(), 1);
  EXPECT_EQ(probeDataset("cifar10", cifar.path()).class_names, testing::kCifarNames);
}

}  // namespace
}  // namespace lethe::ml
