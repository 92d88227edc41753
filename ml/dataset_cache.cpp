// Root datasets read once per process, keyed by format + path and checked against file stamps.
#include "ml/dataset_cache.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <vector>

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "ml/dataset_formats.hpp"

namespace lethe::ml {
namespace {

// Size and modification time of every file a root was read from: a file rewritten in
// place (same path) must not be served from the cache.
struct FileStamp {
  std::string path;
  int64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileStamp& other) const {
    return path == other.path && size == other.size && mtime_ns == other.mtime_ns;
  }
};

std::vector<FileStamp> stampFiles(const std::vector<std::string>& paths) {
  std::vector<FileStamp> stamps;
  for (const std::string& path : paths) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) throw Error(ErrorKind::Io, "cannot read dataset file '" + path + "'");
    stamps.push_back({path, static_cast<int64_t>(info.st_size),
                      static_cast<int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec});
  }
  return stamps;
}

struct CachedRoot {
  std::vector<FileStamp> stamps;
  RootDataset root;
};

std::string hashFiles(const std::vector<std::string>& paths, const std::string& names_under) {
  Sha256 hasher;
  std::vector<char> buffer(1 << 20);
  for (const std::string& path : paths) {
    if (!names_under.empty()) {
      const std::string name = path.substr(std::min(path.size(), names_under.size())) + '\0';
      hasher.update(name.data(), name.size());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot open dataset file '" + path + "'");
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (in.gcount() > 0) hasher.update(buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(ErrorKind::Io, "cannot read dataset file '" + path + "'");
  }
  return hasher.finishHex();
}

}  // namespace

RootDataset loadRootDataset(const std::string& format, const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, CachedRoot> cache;
  // Held while reading so two statements loading the same files do not both read them.
  std::lock_guard<std::mutex> lock(mutex);
  const std::vector<std::string> files = datasetFiles(format, path);
  std::vector<FileStamp> stamps = stampFiles(files);
  const std::string key = format + "\n" + path;
  auto found = cache.find(key);
  if (found != cache.end() && found->second.stamps == stamps) return found->second.root;
  RootDataset root{std::make_shared<const Dataset>(readDataset(format, path)),
                   hashFiles(files, format == "folder" ? path : std::string())};
  cache[key] = CachedRoot{std::move(stamps), root};
  return root;
}

}  // namespace lethe::ml
