#pragma once
// Tiny IDX datasets written to a fresh temporary directory, plain or gzip-compressed.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "executors/api.hpp"

namespace lethe::ml::testing {

// The Debian package dataset-fashion-mnist installs the real files here.
inline const std::string kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

inline bool fashionMnistInstalled() {
  return std::filesystem::exists(kFashionMnistDir + "/train-images-idx3-ubyte.gz");
}

// An IDX file: magic (0, 0, 0x08, rank), big-endian dimensions, then the bytes.
inline std::vector<uint8_t> idxBytes(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> bytes = {0, 0, 0x08, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<uint8_t>(d >> shift));
  }
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

inline void writeFile(const std::string& path, const std::vector<uint8_t>& bytes, bool gzip) {
  if (gzip) {
    gzFile file = gzopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr) << path;
    ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
    gzclose(file);
  } else {
    FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr) << path;
    ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), file), bytes.size());
    std::fclose(file);
  }
}

// Image i of a split has every pixel equal to (base + i), so rows are recognisable.
inline std::vector<uint8_t> imagePayload(uint32_t count, uint32_t height, uint32_t width, uint8_t base) {
  std::vector<uint8_t> pixels;
  for (uint32_t i = 0; i < count; ++i) pixels.insert(pixels.end(), size_t{height} * width, uint8_t(base + i));
  return pixels;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lethe-idx-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A complete dataset of `train` and `test` images of height x width; labels cycle 0..classes-1.
struct TinyIdx {
  uint32_t train = 5;
  uint32_t test = 3;
  uint32_t height = 4;
  uint32_t width = 3;
  uint8_t classes = 4;

  std::vector<uint8_t> labels(uint32_t count) const {
    std::vector<uint8_t> values;
    for (uint32_t i = 0; i < count; ++i) values.push_back(static_cast<uint8_t>(i % classes));
    return values;
  }

  void write(const std::string& dir, bool gzip) const {
    const std::string ext = gzip ? ".gz" : "";
    writeFile(dir + "/train-images-idx3-ubyte" + ext, idxBytes({train, height, width}, imagePayload(train, height, width, 10)), gzip);
    writeFile(dir + "/train-labels-idx1-ubyte" + ext, idxBytes({train}, labels(train)), gzip);
    writeFile(dir + "/t10k-images-idx3-ubyte" + ext, idxBytes({test, height, width}, imagePayload(test, height, width, 100)), gzip);
    writeFile(dir + "/t10k-labels-idx1-ubyte" + ext, idxBytes({test}, labels(test)), gzip);
  }

  exec::DatasetSource source(const std::string& dir) const {
    exec::DatasetSource source;
    source.format = "idx";
    source.path = dir;
    source.num_classes = classes;
    source.height = height;
    source.width = width;
    return source;
  }
};

}  // namespace lethe::ml::testing
