// CIFAR-10 and CIFAR-100 in their official binary versions. Each record is the label
// byte(s) and then 3072 pixel bytes: the 1024 red, then green, then blue values of a 32x32
// image in row-major order, so a record's pixels are already [3, 32, 32].
//   cifar10:  data_batch_1.bin .. data_batch_5.bin, test_batch.bin (1 label byte),
//             batches.meta.txt (one class name a line)
//   cifar100: train.bin, test.bin (a coarse then a fine label byte; the fine label is used),
//             fine_label_names.txt
#include <sys/stat.h>

#include <fstream>
#include <set>

#include "common/error.hpp"
#include "ml/dataset_formats.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kSide = 32;
constexpr int64_t kPixels = 3 * kSide * kSide;

struct Layout {
  std::string name;         // "CIFAR-10", for errors
  int64_t label_bytes = 1;  // bytes before the pixels
  int64_t label_offset = 0; // which of them is the label used
};

const Layout kCifar10{"CIFAR-10", 1, 0};
const Layout kCifar100{"CIFAR-100", 2, 1};

std::string requireFile(const std::string& dir, const std::string& name, const Layout& layout) {
  const std::string path = dir + "/" + name;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
    throw Error(ErrorKind::Io, "missing " + layout.name + " file '" + path + "'");
  return path;
}

// All records of one .bin file as [N, record] bytes.
torch::Tensor readRecords(const std::string& path, const Layout& layout) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(ErrorKind::Io, "cannot open " + layout.name + " file '" + path + "'");
  const auto size = static_cast<int64_t>(in.tellg());
  const int64_t record = layout.label_bytes + kPixels;
  if (size <= 0) throw Error(ErrorKind::Io, layout.name + " file '" + path + "' holds no records");
  if (size % record != 0)
    throw Error(ErrorKind::Io, layout.name + " file '" + path + "' is truncated: " + std::to_string(size) +
                                   " bytes is not a whole number of " + std::to_string(record) + "-byte records");
  torch::Tensor bytes = torch::empty({size / record, record}, torch::kUInt8);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data_ptr<uint8_t>()), size);
  if (in.gcount() != size) throw Error(ErrorKind::Io, "cannot read " + layout.name + " file '" + path + "'");
  return bytes;
}

// One class name a line; blank lines (the official files end with some) are skipped.
std::vector<std::string> readClassNames(const std::string& path, const Layout& layout) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::Io, "cannot open " + layout.name + " file '" + path + "'");
  std::vector<std::string> names;
  std::set<std::string> seen;
  std::string line;
  while (std::getline(in, line)) {
    const size_t end = line.find_last_not_of(" \t\r");
    const size_t begin = line.find_first_not_of(" \t\r");
    if (end == std::string::npos) continue;
    line = line.substr(begin, end - begin + 1);
    // FORGET CLASS 'name' must find exactly one class.
    if (!seen.insert(line).second)
      throw Error(ErrorKind::Io, layout.name + " file '" + path + "' names class '" + line + "' twice");
    names.push_back(line);
  }
  if (in.bad()) throw Error(ErrorKind::Io, "cannot read " + layout.name + " file '" + path + "'");
  if (names.size() < 2) throw Error(ErrorKind::Io, layout.name + " file '" + path + "' names fewer than 2 classes");
  return names;
}

// The records of `paths` concatenated into one split; every label must name a class.
Split readSplit(const std::vector<std::string>& paths, const Layout& layout, const std::string& names_path,
                int64_t classes) {
  std::vector<torch::Tensor> images;
  std::vector<torch::Tensor> labels;
  for (const std::string& path : paths) {
    const torch::Tensor records = readRecords(path, layout);
    const torch::Tensor file_labels = records.select(1, layout.label_offset).to(torch::kInt64);
    const int64_t largest = file_labels.max().item<int64_t>();
    if (largest >= classes) {
      const int64_t row = file_labels.ge(classes).nonzero()[0][0].item<int64_t>();
      throw Error(ErrorKind::Io, layout.name + " file '" + path + "' has label " +
                                     std::to_string(file_labels[row].item<int64_t>()) + " in record " +
                                     std::to_string(row) + ", but '" + names_path + "' names only " +
                                     std::to_string(classes) + " classes");
    }
    images.push_back(records.slice(1, layout.label_bytes).reshape({-1, 3, kSide, kSide}));
    labels.push_back(file_labels);
  }
  return Split{torch::cat(images).contiguous(), torch::cat(labels)};
}

Dataset readCifar(const std::vector<std::string>& files, size_t train_files, const Layout& layout) {
  Dataset data;
  const std::string& names_path = files.back();
  data.class_names = readClassNames(names_path, layout);
  data.num_classes = static_cast<int64_t>(data.class_names.size());
  data.train = readSplit({files.begin(), files.begin() + train_files}, layout, names_path, data.num_classes);
  data.test = readSplit({files.begin() + train_files, files.end() - 1}, layout, names_path, data.num_classes);
  return data;
}

}  // namespace

std::vector<std::string> cifar10Files(const std::string& dir) {
  std::vector<std::string> files;
  for (int batch = 1; batch <= 5; ++batch)
    files.push_back(requireFile(dir, "data_batch_" + std::to_string(batch) + ".bin", kCifar10));
  files.push_back(requireFile(dir, "test_batch.bin", kCifar10));
  files.push_back(requireFile(dir, "batches.meta.txt", kCifar10));
  return files;
}

Dataset readCifar10(const std::string& dir) { return readCifar(cifar10Files(dir), 5, kCifar10); }

std::vector<std::string> cifar100Files(const std::string& dir) {
  // coarse_label_names.txt is not read: the fine labels are the classes.
  return {requireFile(dir, "train.bin", kCifar100), requireFile(dir, "test.bin", kCifar100),
          requireFile(dir, "fine_label_names.txt", kCifar100)};
}

Dataset readCifar100(const std::string& dir) { return readCifar(cifar100Files(dir), 1, kCifar100); }

}  // namespace lethe::ml
