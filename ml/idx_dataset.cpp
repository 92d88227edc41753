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
  // IDX files carry no class count: the classes are 0..K-1 for the largest training label K-1,
  // and each must have training rows. A stray label (255 in a ten-class file) would otherwise
  // make hundreds of classes that nothing can be learnt of.
  const torch::Tensor counts = torch::bincount(data.train.labels);
  const int64_t num_classes = counts.size(0);
  const torch::Tensor empty = torch::nonzero(counts.eq(0)).flatten();
  if (empty.numel() > 0) {
    const int64_t missing = empty[0].item<int64_t>();
    const int64_t above = torch::nonzero(data.train.labels.gt(missing)).flatten()[0].item<int64_t>();
    throw Error(ErrorKind::Io, "IDX labels in '" + files[1] + "' must be 0.." + std::to_string(num_classes - 1) +
                                   " with training rows for every class, but class " + std::to_string(missing) +
                                   " has none while row " + std::to_string(above) + " is labelled " +
                                   std::to_string(data.train.labels[above].item<int64_t>()));
  }
  if (data.test.size() > 0) {
    const int64_t test_max = data.test.labels.max().item<int64_t>();
    if (test_max >= num_classes) {
      const int64_t row = torch::nonzero(data.test.labels.ge(num_classes)).flatten()[0].item<int64_t>();
      throw Error(ErrorKind::Io, "IDX test labels in '" + files[3] + "' must be among the training classes 0.." +
                                     std::to_string(num_classes - 1) + ", but row " + std::to_string(row) +
                                     " is labelled " + std::to_string(data.test.labels[row].item<int64_t>()));
    }
  }
  data.num_classes = num_classes;
  return data;
}

}  // namespace lethe::ml
