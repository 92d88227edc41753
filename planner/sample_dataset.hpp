#pragma once
// SAMPLE's images stored as a dataset (docs/generation.md, "Samples as a dataset"). The catalog
// keeps them in a blob (the record: one file holds the whole state, and nothing outside it has
// these images); the loaders read datasets from files, so the binder re-creates IDX files from
// the blob in a cache directory, named by their content hash, whenever they are missing or
// altered. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace lethe::planner {

struct SampleImages {
  int64_t classes = 0;  // the generator's class count (labels are 0..classes-1)
  int64_t channels = 1;
  int64_t height = 0;
  int64_t width = 0;
  std::vector<uint8_t> pixels;  // [N, channels, height, width], row-major
  std::vector<int64_t> labels;  // N
  int64_t count() const { return static_cast<int64_t>(labels.size()); }
};

// The blob's bytes and back; decodeSampleImages throws Error(Catalog) on bytes it cannot read.
std::vector<uint8_t> encodeSampleImages(const SampleImages& images);
SampleImages decodeSampleImages(const std::vector<uint8_t>& bytes);

// The IDX files hold the samples as rows 0..N-1 of both splits (a generated set has nothing held
// out), then one blank image of every class without a sample: IDX readers require each class to
// have rows, and a one-class SAMPLE has one. The dataset selects rows 0..N-1, so the blanks are
// never read as data. The hash is the loaders' (SHA-256 over the four files in order).
std::string sampleFilesHash(const SampleImages& images);
// The directory holding those files: made from `images` when absent or not matching
// `content_hash`. Throws Error(Io) when the cache directory cannot be written.
std::string sampleFilesDirectory(const std::string& content_hash);
void writeSampleFiles(const SampleImages& images, const std::string& content_hash);
// Whether the directory's files are there and hash to `content_hash`.
bool sampleFilesPresent(const std::string& content_hash);

}  // namespace lethe::planner
