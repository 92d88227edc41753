// probeDataset: what CREATE DATASET records — counts, shape, classes and a content hash.
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "common/error.hpp"
#include "ml/dataset_cache.hpp"
#include "ml/dataset_formats.hpp"

namespace lethe::ml {
namespace {

struct DigestDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

// SHA-256 over the raw bytes of the files in order (compressed bytes for .gz files), so the
// hash names exactly what is on disk. When `names_under` is set, each file's path below it
// is hashed too: in a folder dataset the names carry the labels.
std::string sha256OfFiles(const std::vector<std::string>& paths, const std::string& names_under) {
  std::unique_ptr<EVP_MD_CTX, DigestDeleter> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::Execution, "cannot initialise SHA-256");
  std::vector<char> buffer(1 << 20);
  for (const std::string& path : paths) {
    if (!names_under.empty()) {
      const std::string name = path.substr(std::min(path.size(), names_under.size())) + '\0';
      EVP_DigestUpdate(context.get(), name.data(), name.size());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot open dataset file '" + path + "'");
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (in.gcount() > 0) EVP_DigestUpdate(context.get(), buffer.data(), static_cast<size_t>(in.gcount()));
    }
    if (in.bad()) throw Error(ErrorKind::Io, "cannot read dataset file '" + path + "'");
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), digest, &length);
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < length; ++i) {
    text += hex[digest[i] >> 4];
    text += hex[digest[i] & 15];
  }
  return text;
}

}  // namespace

exec::DatasetProbe probeDataset(const std::string& format, const std::string& path) {
  // Reading through the cache validates the files and leaves them loaded for the
  // statements that usually follow (CREATE MODEL).
  const std::shared_ptr<const Dataset> root = loadRootDataset(format, path);
  exec::DatasetProbe probe;
  probe.num_train = root->train.size();
  probe.num_test = root->test.size();
  probe.num_classes = root->num_classes;
  probe.channels = root->train.images.size(1);
  probe.height = root->train.images.size(2);
  probe.width = root->train.images.size(3);
  probe.class_names = root->class_names;
  probe.content_hash = sha256OfFiles(datasetFiles(format, path), format == "folder" ? path : std::string());
  return probe;
}

}  // namespace lethe::ml
