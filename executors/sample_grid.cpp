// SAMPLE ... INTO 'grid.png': the drawn images as one picture, a row per class.
#include <algorithm>
#include <map>

#include "common/error.hpp"
#include "executors/api.hpp"
#include "executors/sample_grid.hpp"
#include "ml/png_write.hpp"

namespace lethe::exec {
namespace {

constexpr int64_t kGap = 2;              // pixels between tiles and around the grid
constexpr uint8_t kGapValue = 96;        // dark grey: visible against black backgrounds and white garments
constexpr int64_t kMinTilePixels = 28;   // small images are enlarged (nearest neighbour) to at least this

}  // namespace

ml::PngImage sampleGrid(const SampleOutcome& samples) {
  const int64_t c = samples.channels;
  const int64_t h = samples.height;
  const int64_t w = samples.width;
  const int64_t n = static_cast<int64_t>(samples.labels.size());
  if (c != 1 && c != 3) throw Error(ErrorKind::Execution, "a sample grid needs grey or RGB images");
  if (n == 0 || h < 1 || w < 1 || samples.pixels.size() != size_t(n * c * h * w))
    throw Error(ErrorKind::Execution, "no samples to write, or pixels that do not match their shape");

  // Rows in the order the classes first appear (class order, as sample() groups them).
  std::map<int64_t, int64_t> row_of;
  std::vector<int64_t> row_sizes;
  std::vector<std::pair<int64_t, int64_t>> cell(n);
  for (int64_t i = 0; i < n; ++i) {
    auto [found, inserted] = row_of.try_emplace(samples.labels[i], int64_t(row_sizes.size()));
    if (inserted) row_sizes.push_back(0);
    cell[i] = {found->second, row_sizes[found->second]++};
  }
  const int64_t rows = static_cast<int64_t>(row_sizes.size());
  const int64_t columns = *std::max_element(row_sizes.begin(), row_sizes.end());
  const int64_t scale = std::max<int64_t>(1, (kMinTilePixels + std::min(h, w) - 1) / std::min(h, w));
  const int64_t tile_h = h * scale;
  const int64_t tile_w = w * scale;

  ml::PngImage grid;
  grid.channels = c;
  grid.height = kGap + rows * (tile_h + kGap);
  grid.width = kGap + columns * (tile_w + kGap);
  grid.pixels.assign(size_t(grid.height * grid.width * c), kGapValue);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t top = kGap + cell[i].first * (tile_h + kGap);
    const int64_t left = kGap + cell[i].second * (tile_w + kGap);
    const uint8_t* image = samples.pixels.data() + i * c * h * w;  // CHW
    for (int64_t y = 0; y < tile_h; ++y) {
      for (int64_t x = 0; x < tile_w; ++x) {
        uint8_t* out = grid.pixels.data() + ((top + y) * grid.width + left + x) * c;  // HWC
        for (int64_t k = 0; k < c; ++k) out[k] = image[(k * h + y / scale) * w + x / scale];
      }
    }
  }
  return grid;
}

void writeSampleGrid(const SampleOutcome& samples, const std::string& path) { ml::writePng(path, sampleGrid(samples)); }

}  // namespace lethe::exec
