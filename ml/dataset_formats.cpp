// Format name -> reader. The names match the planner's formats() registry (torch-free, for
// SHOW and the binder); this table is where each name gets its implementation.
#include "ml/dataset_formats.hpp"

#include <functional>
#include <map>

#include "common/error.hpp"
#include "common/suggest.hpp"
#include "ml/idx.hpp"

namespace lethe::ml {
namespace {

struct FormatReader {
  std::function<std::vector<std::string>(const std::string&)> files;
  std::function<Dataset(const std::string&)> read;
};

const FormatReader& findReader(const std::string& format) {
  static const std::map<std::string, FormatReader> readers = {
      {"idx", {idxDatasetFiles, readIdxDataset}},
      {"cifar10", {cifar10Files, readCifar10}},
      {"cifar100", {cifar100Files, readCifar100}},
      {"folder", {imageFolderFiles, readImageFolder}},
  };
  auto found = readers.find(format);
  if (found == readers.end()) {
    std::vector<std::string> names;
    for (const auto& entry : readers) names.push_back(entry.first);
    throw Error(ErrorKind::Io, unknownNameMessage("dataset format", format, names));
  }
  return found->second;
}

}  // namespace

std::vector<std::string> datasetFiles(const std::string& format, const std::string& dir) {
  return findReader(format).files(dir);
}

Dataset readDataset(const std::string& format, const std::string& dir) { return findReader(format).read(dir); }

}  // namespace lethe::ml
