#pragma once
// Tiny CIFAR-10, CIFAR-100 and folder-of-PNG datasets written by the tests themselves, with
// recognisable pixels: image i of a split has value pixelValue(base + i, c, y, x), and the
// label decides a bright square so a small model can tell the classes apart.
#include <png.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace lethe::ml::testing {

inline uint8_t pixelValue(int64_t image, int64_t channel, int64_t y, int64_t x) {
  return static_cast<uint8_t>((image * 7 + channel * 50 + y * 3 + x) % 200);
}

// A [channels, size, size] image (CHW) whose label shows as a bright 8x8 square in one of
// four corners, over the recognisable background.
inline std::vector<uint8_t> chwImage(int64_t image, int64_t label, int64_t channels, int64_t size) {
  std::vector<uint8_t> pixels;
  const int64_t square_y = (label % 2) * (size / 2), square_x = ((label / 2) % 2) * (size / 2);
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t y = 0; y < size; ++y)
      for (int64_t x = 0; x < size; ++x) {
        const bool lit = label >= 0 && y >= square_y && y < square_y + 8 && x >= square_x && x < square_x + 8;
        pixels.push_back(lit ? uint8_t(255) : pixelValue(image, c, y, x));
      }
  return pixels;
}

inline void writeBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline void writeText(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

// Labels cycle through the classes: record i of a file has label (first + i) % classes.
// The label byte goes at `label_offset` of `label_bytes` (CIFAR-100: coarse, then fine).
inline std::vector<uint8_t> cifarRecords(int64_t count, int64_t first, int64_t classes, int64_t label_bytes,
                                         int64_t label_offset, int64_t image_base) {
  std::vector<uint8_t> bytes;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t label = (first + i) % classes;
    for (int64_t b = 0; b < label_bytes; ++b) bytes.push_back(b == label_offset ? uint8_t(label) : uint8_t(99));
    const auto pixels = chwImage(image_base + i, label, 3, 32);
    bytes.insert(bytes.end(), pixels.begin(), pixels.end());
  }
  return bytes;
}

inline const std::vector<std::string> kCifarNames = {"airplane", "automobile", "bird", "cat"};

// CIFAR-10 layout: five training batches of `per_batch` records, `test` test records, and
// batches.meta.txt with a trailing blank line as in the official archive.
inline void writeCifar10(const std::string& dir, int64_t per_batch, int64_t test,
                         const std::vector<std::string>& names = kCifarNames) {
  std::filesystem::create_directories(dir);
  const auto classes = static_cast<int64_t>(names.size());
  for (int64_t b = 0; b < 5; ++b)
    writeBytes(dir + "/data_batch_" + std::to_string(b + 1) + ".bin",
               cifarRecords(per_batch, b * per_batch, classes, 1, 0, b * per_batch));
  writeBytes(dir + "/test_batch.bin", cifarRecords(test, 0, classes, 1, 0, 1000));
  std::string meta;
  for (const auto& name : names) meta += name + "\n";
  writeText(dir + "/batches.meta.txt", meta + "\n");
}

inline void writeCifar100(const std::string& dir, int64_t train, int64_t test, const std::vector<std::string>& fine) {
  std::filesystem::create_directories(dir);
  const auto classes = static_cast<int64_t>(fine.size());
  writeBytes(dir + "/train.bin", cifarRecords(train, 0, classes, 2, 1, 0));
  writeBytes(dir + "/test.bin", cifarRecords(test, 0, classes, 2, 1, 1000));
  std::string names;
  for (const auto& name : fine) names += name + "\n";
  writeText(dir + "/fine_label_names.txt", names);
  writeText(dir + "/coarse_label_names.txt", "everything\n");
}

// Writes a grey (1) or RGB (3) PNG from CHW pixels.
inline void writePng(const std::string& path, const std::vector<uint8_t>& chw, int64_t channels, int64_t height,
                     int64_t width) {
  std::vector<uint8_t> hwc(chw.size());
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t y = 0; y < height; ++y)
      for (int64_t x = 0; x < width; ++x)
        hwc[(y * width + x) * channels + c] = chw[(c * height + y) * width + x];
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  if (!png_image_write_to_file(&image, path.c_str(), 0, hwc.data(), 0, nullptr))
    throw std::runtime_error("cannot write PNG " + path + ": " + image.message);
}

// <dir>/{train,test}/<class>/img_<k>.png for each class, `train` and `test` images a class.
// Image numbers run over the whole split in class order, as the loader reads them.
inline void writeFolder(const std::string& dir, const std::vector<std::string>& classes, int64_t train, int64_t test,
                        int64_t channels, int64_t size) {
  for (const std::string split : {"train", "test"}) {
    const int64_t per_class = split == "train" ? train : test;
    int64_t image = split == "train" ? 0 : 1000;
    for (size_t label = 0; label < classes.size(); ++label) {
      const std::string class_dir = dir + "/" + split + "/" + classes[label];
      std::filesystem::create_directories(class_dir);
      for (int64_t k = 0; k < per_class; ++k, ++image) {
        char name[32];
        std::snprintf(name, sizeof name, "img_%03lld.png", static_cast<long long>(k));
        writePng(class_dir + "/" + name, chwImage(image, static_cast<int64_t>(label), channels, size), channels, size,
                 size);
      }
    }
  }
}

}  // namespace lethe::ml::testing
