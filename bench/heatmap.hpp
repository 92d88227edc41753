#pragma once
// A heatmap as a PNG (libpng's simplified writer): one square cell per value, coloured on a
// dark-blue -> green -> yellow ramp from `low` to `high`, with a 2-pixel grid line between
// cells. No text: the caller's table names the rows and columns.
#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace lethe::bench {

inline std::array<uint8_t, 3> rampColour(double t) {
  // Anchors of a viridis-like ramp.
  static const double anchors[5][3] = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 4.0;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  std::array<uint8_t, 3> rgb{};
  for (int c = 0; c < 3; ++c) rgb[c] = static_cast<uint8_t>(anchors[i][c] + f * (anchors[i + 1][c] - anchors[i][c]));
  return rgb;
}

// values[row][column]; returns false when the file cannot be written.
inline bool writeHeatmap(const std::string& path, const std::vector<std::vector<double>>& values, double low,
                         double high, int cell = 48) {
  if (values.empty() || values[0].empty()) return false;
  const int rows = static_cast<int>(values.size()), columns = static_cast<int>(values[0].size()), line = 2;
  const int width = columns * cell + (columns + 1) * line, height = rows * cell + (rows + 1) * line;
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height * 3, 255);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      const auto rgb = rampColour((values[r][c] - low) / std::max(1e-9, high - low));
      for (int y = 0; y < cell; ++y) {
        for (int x = 0; x < cell; ++x) {
          const size_t at = (static_cast<size_t>(line + r * (cell + line) + y) * width + line + c * (cell + line) + x) * 3;
          std::copy(rgb.begin(), rgb.end(), pixels.begin() + static_cast<std::ptrdiff_t>(at));
        }
      }
    }
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  return png_image_write_to_file(&image, path.c_str(), 0, pixels.data(), 0, nullptr) != 0;
}

}  // namespace lethe::bench
