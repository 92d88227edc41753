#include "ml/idx.hpp"

#include <sys/stat.h>
#include <zlib.h>

#include <array>
#include <memory>

#include "common/error.hpp"

namespace lethe::ml {
namespace {

// IDX magic: two zero bytes, the element type, the number of dimensions.
constexpr uint8_t kUnsignedByteType = 0x08;
// No real dataset comes near this; it keeps a corrupt header from requesting terabytes.
constexpr int64_t kMaxElements = int64_t{1} << 36;

bool fileExists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

struct GzCloser {
  void operator()(gzFile_s* file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

// gzread transparently reads uncompressed files too, so one reader serves both spellings.
// Reads up to `size` bytes (in chunks: gzread takes an unsigned count) and returns how many.
int64_t readUpTo(gzFile file, const std::string& path, uint8_t* out, int64_t size) {
  constexpr int64_t kChunk = int64_t{1} << 30;
  int64_t total = 0;
  while (total < size) {
    const auto want = static_cast<unsigned>(std::min(kChunk, size - total));
    const int got = gzread(file, out + total, want);
    if (got < 0) {
      int code = 0;
      const char* message = gzerror(file, &code);
      throw Error(ErrorKind::Io, "cannot read IDX file '" + path + "': " + (message ? message : "read error"));
    }
    if (got == 0) break;
    total += got;
  }
  return total;
}

uint32_t bigEndian32(const uint8_t* bytes) {
  return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) | uint32_t{bytes[3]};
}

}  // namespace

std::string resolveIdxPath(const std::string& dir, const std::string& stem) {
  const std::string plain = dir + "/" + stem;
  if (fileExists(plain)) return plain;
  if (fileExists(plain + ".gz")) return plain + ".gz";
  throw Error(ErrorKind::Io, "missing IDX file '" + plain + "[.gz]'");
}

torch::Tensor readIdxFile(const std::string& path, int64_t expected_rank, const std::string& what) {
  GzHandle file(gzopen(path.c_str(), "rb"));
  if (!file) throw Error(ErrorKind::Io, "cannot open IDX file '" + path + "'");

  std::array<uint8_t, 4> magic{};
  if (readUpTo(file.get(), path, magic.data(), 4) != 4)
    throw Error(ErrorKind::Io, "IDX file '" + path + "' is truncated: no header");
  if (magic[0] != 0 || magic[1] != 0)
    throw Error(ErrorKind::Io, "'" + path + "' is not an IDX file (bad magic number)");
  if (magic[2] != kUnsignedByteType)
    throw Error(ErrorKind::Io, "IDX file '" + path + "' holds element type " + std::to_string(magic[2]) +
                                   "; only unsigned bytes (type 8) are supported");
  if (magic[3] != expected_rank)
    throw Error(ErrorKind::Io, "IDX file '" + path + "' has " + std::to_string(magic[3]) + " dimensions, expected " +
                                   std::to_string(expected_rank) + " for " + what);

  std::vector<int64_t> shape(expected_rank);
  std::vector<uint8_t> dims(4 * expected_rank);
  if (readUpTo(file.get(), path, dims.data(), static_cast<int64_t>(dims.size())) != static_cast<int64_t>(dims.size()))
    throw Error(ErrorKind::Io, "IDX file '" + path + "' is truncated: incomplete header");
  int64_t elements = 1;
  for (int64_t d = 0; d < expected_rank; ++d) {
    shape[d] = bigEndian32(dims.data() + 4 * d);
    // Every dimension but the count must be positive; an empty split is legal.
    if ((d > 0 && shape[d] == 0) || shape[d] > kMaxElements)
      throw Error(ErrorKind::Io, "IDX file '" + path + "' has an invalid dimension " + std::to_string(shape[d]));
    elements *= shape[d];
    if (elements > kMaxElements) throw Error(ErrorKind::Io, "IDX file '" + path + "' declares too many elements");
  }

  torch::Tensor data = torch::empty(shape, torch::kUInt8);
  const int64_t found = readUpTo(file.get(), path, data.data_ptr<uint8_t>(), elements);
  if (found != elements)
    throw Error(ErrorKind::Io, "IDX file '" + path + "' is truncated: expected " + std::to_string(elements) +
                                   " bytes of " + what + ", found " + std::to_string(found));
  // Bytes after the declared elements mean the header and the data disagree (a file cut from
  // another, or two concatenated): which one is right cannot be told, so refuse it.
  int64_t trailing = 0;
  std::vector<uint8_t> rest(1 << 16);
  for (int64_t got; (got = readUpTo(file.get(), path, rest.data(), static_cast<int64_t>(rest.size()))) > 0;) trailing += got;
  if (trailing > 0)
    throw Error(ErrorKind::Io, "IDX file '" + path + "' has " + std::to_string(trailing) + " bytes after the " +
                                   std::to_string(elements) + " bytes of " + what + " its header declares");
  return data;
}

}  // namespace lethe::ml
