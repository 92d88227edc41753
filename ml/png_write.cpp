#include "ml/png_write.hpp"

#include <png.h>

#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/error.hpp"

namespace lethe::ml {
namespace {

namespace fs = std::filesystem;

Error writeError(const std::string& path, const std::string& reason) {
  return Error(ErrorKind::Io, "cannot write PNG file '" + path + "': " + reason);
}

// The file the rename replaces: a link is followed so that the link survives; anything but a
// regular file at the target is refused rather than replaced.
std::string resolveTarget(const std::string& named) {
  std::error_code error;
  const fs::file_status status = fs::status(named, error);
  if (fs::exists(status) && !fs::is_regular_file(status)) throw writeError(named, "it exists and is not a regular file");
  if (!fs::is_symlink(fs::symlink_status(named, error))) return named;
  const fs::path target = fs::weakly_canonical(named, error);
  if (error) throw writeError(named, error.message());
  return target.string();
}

}  // namespace

void writePng(const std::string& path, const PngImage& image) {
  if (image.channels != 1 && image.channels != 3) throw writeError(path, "only grey or RGB images can be written");
  if (image.height < 1 || image.width < 1 ||
      image.pixels.size() != size_t(image.height) * size_t(image.width) * size_t(image.channels))
    throw writeError(path, "the pixel buffer does not match " + std::to_string(image.width) + "x" +
                               std::to_string(image.height) + "x" + std::to_string(image.channels));
  const std::string target = resolveTarget(path);
  const std::string temporary = target + ".tmp-png";

  png_image header;
  std::memset(&header, 0, sizeof header);
  header.version = PNG_IMAGE_VERSION;
  header.width = static_cast<png_uint_32>(image.width);
  header.height = static_cast<png_uint_32>(image.height);
  header.format = image.channels == 3 ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
  const int written = png_image_write_to_file(&header, temporary.c_str(), /*convert_to_8bit=*/0, image.pixels.data(),
                                              /*row_stride=*/0, /*colormap=*/nullptr);
  // libpng reports an unopenable file through errno, its own failures in the message.
  const std::string reason = header.message[0] ? header.message : std::strerror(errno);
  png_image_free(&header);
  if (!written) {
    std::remove(temporary.c_str());
    throw writeError(path, reason);
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) {
    std::remove(temporary.c_str());
    throw writeError(path, error.message());
  }
}

}  // namespace lethe::ml
