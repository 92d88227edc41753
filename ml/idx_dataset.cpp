// An IDX dataset directory: the four files read and checked against each other.
#include "common/error.hpp"
#include "ml/idx.hpp"

namespace lethe::ml {
namespace {

Split readSplit(const std::string& images_path, const std::string& labels_path) {
  torch::Tensor images = readIdxFile(images_path, 3, "image data");
  torch::Tensor labels = readIdxFile(labels_path, 1, "label data");
  if (images.size(0) != labels.size(0))
    throw Error(ErrorKind::Io, "IDX files disagree: '" + images_path + "' holds " + std::to_string(images.size(0)) +
                                   " images but '" + labels_path + "' holds " + std::to_string(labels.size(0)) +
                                   " labels");
  return Split{images.unsqueeze(1).contiguous(), labels.to(torch::kInt64)};
}

std::string shapeText(const torch::Tensor& images) {
  return std::to_string(images.size(2)) + "x" + std::to_string(images.size(3));
}

}  // namespace

std::vector<std::string> idxDatasetFiles(const std::string& dir) {
  return {resolveIdxPath(dir, "train-images-idx3-ubyte"), resolveIdxPath(dir, "train-labels-idx1-ubyte"),
          resolveIdxPath(dir, "t10k-images-idx3-ubyte"), resolveIdxPath(dir, "t10k-labels-idx1-ubyte")};
}

Dataset readIdxDataset(const std::string& dir) {
  const std::vector<std::string> files = idxDatasetFiles(dir);
  Dataset data;
  data.train = readSplit(files[0], files[1]);
  data.test = readSplit(files[2], files[3]);
  if (data.train.images.size(2) != data.test.images.size(2) || data.train.images.size(3) != data.test.images.size(3))
    throw Error(ErrorKind::Io, "IDX files disagree: training images are " + shapeText(data.train.images) +
                                   " but test images are " + shapeText(data.test.images) + " in '" + dir + "'");
  if (data.train.size() == 0) throw Error(ErrorKind::Io, "IDX dataset '" + dir + "' has no training images");
  int64_t max_label = data.train.labels.max().item<int64_t>();
  if (data.test.size() > 0) max_label = std::max(max_label, data.test.labels.max().item<int64_t>());
  data.num_classes = max_label + 1;
  return data;
}

}  // namespace lethe::ml
