#pragma once
// PNG encoding through libpng's simplified API, the counterpart of png_image.hpp. Torch-free;
// internal to ml/ and executors/.
#include <string>

#include "ml/png_image.hpp"

namespace lethe::ml {

// Writes `image` (1 or 3 channels, 8-bit, HWC) as a PNG to a temporary file beside `path`, then
// renames it over `path`, so a failure never leaves a partial file there. Throws Error(Io)
// naming the file when it cannot be written (or something other than a regular file is there).
void writePng(const std::string& path, const PngImage& image);

}  // namespace lethe::ml
