#pragma once
// PNG decoding through libpng's simplified API. Torch-free; internal to ml/.
#include <cstdint>
#include <string>
#include <vector>

namespace lethe::ml {

struct PngImage {
  int64_t height = 0;
  int64_t width = 0;
  int64_t channels = 0;         // 1 (grey) or 3 (colour)
  std::vector<uint8_t> pixels;  // 8-bit, row-major, channels interleaved (HWC)
};

// Decodes `path` to 8-bit samples: grey PNGs (with or without alpha) give 1 channel, colour
// and palette PNGs give 3; an alpha channel is composited onto black. Throws Error(Io)
// naming the file when it is missing, not a PNG, truncated or corrupt.
PngImage readPng(const std::string& path);

}  // namespace lethe::ml
