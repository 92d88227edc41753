#include "ml/png_image.hpp"

#include <png.h>

#include <cstring>

#include "common/error.hpp"

namespace lethe::ml {
namespace {

// png_image_free is safe on an image libpng already released, so one guard covers every
// exit (a failed begin_read, a failed finish_read, success).
class PngImageGuard {
 public:
  PngImageGuard() {
    std::memset(&image_, 0, sizeof image_);
    image_.version = PNG_IMAGE_VERSION;
  }
  ~PngImageGuard() { png_image_free(&image_); }
  PngImageGuard(const PngImageGuard&) = delete;
  PngImageGuard& operator=(const PngImageGuard&) = delete;
  png_image& get() { return image_; }

 private:
  png_image image_;
};

Error pngError(const std::string& path, const png_image& image) {
  const std::string reason = image.message[0] ? image.message : "unknown error";
  return Error(ErrorKind::Io, "cannot read PNG file '" + path + "': " + reason);
}

}  // namespace

PngImage readPng(const std::string& path) {
  PngImageGuard guard;
  png_image& image = guard.get();
  if (!png_image_begin_read_from_file(&image, path.c_str())) throw pngError(path, image);
  PngImage out;
  out.height = image.height;
  out.width = image.width;
  // The file's own colour type decides the channels; alpha is dropped, since the models
  // take grey or RGB input only.
  const bool colour = (image.format & PNG_FORMAT_FLAG_COLOR) != 0;
  out.channels = colour ? 3 : 1;
  image.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  // Zeroed, because without a background colour libpng composites alpha onto the buffer.
  out.pixels.assign(PNG_IMAGE_SIZE(image), 0);
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) throw pngError(path, image);
  return out;
}

}  // namespace lethe::ml
