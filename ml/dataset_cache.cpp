// Root datasets read once per process, keyed by format + path and checked against file stamps.
#include "ml/dataset_cache.hpp"

#include <sys/stat.h>

#include <map>
#include <mutex>
#include <vector>

#include "common/error.hpp"
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
  std::shared_ptr<const Dataset> data;
};

}  // namespace

std::shared_ptr<const Dataset> loadRootDataset(const std::string& format, const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, CachedRoot> cache;
  // Held while reading so two statements loading the same files do not both read them.
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<FileStamp> stamps = stampFiles(datasetFiles(format, path));
  const std::string key = format + "\n" + path;
  auto found = cache.find(key);
  if (found != cache.end() && found->second.stamps == stamps) return found->second.data;
  auto data = std::make_shared<const Dataset>(readDataset(format, path));
  cache[key] = CachedRoot{std::move(stamps), data};
  return data;
}

}  // namespace lethe::ml
