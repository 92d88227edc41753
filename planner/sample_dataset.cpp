#include "planner/sample_dataset.hpp"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/error.hpp"
#include "common/sha256.hpp"

namespace lethe::planner {

namespace fs = std::filesystem;

namespace {

// Blob layout, little-endian: magic, then classes, channels, height, width, count as int64,
// then `count` int64 labels, then the pixels.
constexpr char kMagic[8] = {'L', 'S', 'A', 'M', 'P', 'L', 'E', '1'};
constexpr size_t kHeaderFields = 5;

void putInt64(std::vector<uint8_t>& out, int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

int64_t getInt64(const std::vector<uint8_t>& in, size_t offset) {
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(in[offset + static_cast<size_t>(i)]) << (8 * i);
  return static_cast<int64_t>(bits);
}

Error malformed(const std::string& what) {
  return Error(ErrorKind::Catalog, "the stored samples are malformed: " + what);
}

void checkShape(const SampleImages& images) {
  const int64_t per_image = images.channels * images.height * images.width;
  if (images.channels != 1 || images.height < 1 || images.width < 1 || images.height > 65535 || images.width > 65535)
    throw malformed("images are " + std::to_string(images.channels) + "x" + std::to_string(images.height) + "x" +
                    std::to_string(images.width) + " (IDX holds single-channel images)");
  if (images.classes < 1 || images.classes > 256) throw malformed(std::to_string(images.classes) + " classes (at most 256)");
  if (static_cast<int64_t>(images.pixels.size()) != images.count() * per_image)
    throw malformed(std::to_string(images.pixels.size()) + " pixel bytes for " + std::to_string(images.count()) + " images");
  for (int64_t label : images.labels)
    if (label < 0 || label >= images.classes) throw malformed("label " + std::to_string(label) + " is not a class");
}

// The rows the IDX files hold: the samples, then a blank image per class without one.
struct IdxRows {
  std::vector<uint8_t> pixels;
  std::vector<uint8_t> labels;
};

IdxRows idxRows(const SampleImages& images) {
  IdxRows rows{images.pixels, {}};
  std::vector<bool> seen(static_cast<size_t>(images.classes), false);
  for (int64_t label : images.labels) {
    rows.labels.push_back(static_cast<uint8_t>(label));
    seen[static_cast<size_t>(label)] = true;
  }
  const auto per_image = static_cast<size_t>(images.height * images.width);
  for (int64_t c = 0; c < images.classes; ++c) {
    if (seen[static_cast<size_t>(c)]) continue;
    rows.pixels.insert(rows.pixels.end(), per_image, 0);
    rows.labels.push_back(static_cast<uint8_t>(c));
  }
  return rows;
}

void putBigEndian32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}

// train-images-idx3-ubyte / train-labels-idx1-ubyte contents (the test files are the same).
std::vector<uint8_t> imagesFile(const IdxRows& rows, const SampleImages& images) {
  std::vector<uint8_t> out;
  putBigEndian32(out, 0x00000803);
  putBigEndian32(out, static_cast<uint32_t>(rows.labels.size()));
  putBigEndian32(out, static_cast<uint32_t>(images.height));
  putBigEndian32(out, static_cast<uint32_t>(images.width));
  out.insert(out.end(), rows.pixels.begin(), rows.pixels.end());
  return out;
}

std::vector<uint8_t> labelsFile(const IdxRows& rows) {
  std::vector<uint8_t> out;
  putBigEndian32(out, 0x00000801);
  putBigEndian32(out, static_cast<uint32_t>(rows.labels.size()));
  out.insert(out.end(), rows.labels.begin(), rows.labels.end());
  return out;
}

// In the loaders' order (ml/idx_dataset.cpp): the hash of the dataset is over these, concatenated.
const char* const kFiles[4] = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                               "t10k-labels-idx1-ubyte"};

std::string hashOf(const std::vector<uint8_t>& images_file, const std::vector<uint8_t>& labels_file) {
  Sha256 hasher;
  for (int split = 0; split < 2; ++split) {
    hasher.update(images_file.data(), images_file.size());
    hasher.update(labels_file.data(), labels_file.size());
  }
  return hasher.finishHex();
}

void writeFile(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(ErrorKind::Io, "cannot write the sample file '" + path.string() + "'");
}

// Per user, so that another account's files in a shared temporary directory are never read.
fs::path cacheRoot() {
  std::error_code error;
  fs::path root = fs::temp_directory_path(error);
  if (error) root = "/tmp";
  return root / ("lethe-samples-" + std::to_string(::getuid()));
}

}  // namespace

std::vector<uint8_t> encodeSampleImages(const SampleImages& images) {
  checkShape(images);
  std::vector<uint8_t> out(kMagic, kMagic + sizeof kMagic);
  for (int64_t field : {images.classes, images.channels, images.height, images.width, images.count()}) putInt64(out, field);
  for (int64_t label : images.labels) putInt64(out, label);
  out.insert(out.end(), images.pixels.begin(), images.pixels.end());
  return out;
}

SampleImages decodeSampleImages(const std::vector<uint8_t>& bytes) {
  const size_t header = sizeof kMagic + 8 * kHeaderFields;
  if (bytes.size() < header || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) throw malformed("no sample header");
  SampleImages images;
  images.classes = getInt64(bytes, 8);
  images.channels = getInt64(bytes, 16);
  images.height = getInt64(bytes, 24);
  images.width = getInt64(bytes, 32);
  const int64_t count = getInt64(bytes, 40);
  if (count < 0 || images.height < 1 || images.width < 1 || images.channels < 1 ||
      images.height > 65535 || images.width > 65535 || images.channels > 4 ||
      static_cast<uint64_t>(count) > (bytes.size() - header) / 8)
    throw malformed("bad header");
  const size_t labels_end = header + 8 * static_cast<size_t>(count);
  for (size_t offset = header; offset < labels_end; offset += 8) images.labels.push_back(getInt64(bytes, offset));
  images.pixels.assign(bytes.begin() + static_cast<std::ptrdiff_t>(labels_end), bytes.end());
  checkShape(images);
  return images;
}

std::string sampleFilesHash(const SampleImages& images) {
  checkShape(images);
  const IdxRows rows = idxRows(images);
  return hashOf(imagesFile(rows, images), labelsFile(rows));
}

std::string sampleFilesDirectory(const std::string& content_hash) { return (cacheRoot() / content_hash).string(); }

bool sampleFilesPresent(const std::string& content_hash) {
  Sha256 hasher;
  std::vector<char> buffer(1 << 16);
  for (const char* name : kFiles) {
    std::ifstream in(fs::path(sampleFilesDirectory(content_hash)) / name, std::ios::binary);
    if (!in) return false;
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (in.gcount() > 0) hasher.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) return false;
  }
  return hasher.finishHex() == content_hash;
}

void writeSampleFiles(const SampleImages& images, const std::string& content_hash) {
  const IdxRows rows = idxRows(images);
  const std::vector<uint8_t> images_file = imagesFile(rows, images);
  const std::vector<uint8_t> labels_file = labelsFile(rows);
  if (hashOf(images_file, labels_file) != content_hash)
    throw Error(ErrorKind::Catalog, "the stored samples do not match their dataset's content hash " +
                                        content_hash.substr(0, 12) + "...");
  // Written into a directory of their own and renamed into place, so that a reader never sees
  // half the files, and two processes making the same set both end with a whole one.
  const fs::path root = cacheRoot();
  const fs::path target = sampleFilesDirectory(content_hash);
  std::error_code error;
  fs::create_directories(root, error);
  fs::permissions(root, fs::perms::owner_all, fs::perm_options::replace, error);
  std::random_device random;
  const fs::path staging = root / (".staging-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  if (!fs::create_directory(staging, error))
    throw Error(ErrorKind::Io, "cannot create the sample cache directory '" + staging.string() + "': " + error.message());
  try {
    writeFile(staging / kFiles[0], images_file);
    writeFile(staging / kFiles[1], labels_file);
    writeFile(staging / kFiles[2], images_file);
    writeFile(staging / kFiles[3], labels_file);
    fs::remove_all(target, error);  // altered or partial files: replaced whole
    fs::rename(staging, target, error);
    if (error && !sampleFilesPresent(content_hash))
      throw Error(ErrorKind::Io, "cannot move the sample files into '" + target.string() + "': " + error.message());
  } catch (...) {
    fs::remove_all(staging, error);
    throw;
  }
  fs::remove_all(staging, error);  // left only when another process put the same files in place first
}

}  // namespace lethe::planner
