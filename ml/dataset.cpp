// loadDataset: a process-wide cache of root datasets plus index_select subsets over them.
#include "ml/dataset.hpp"

#include "common/error.hpp"
#include "ml/corruption.hpp"
#include "ml/dataset_cache.hpp"

namespace lethe::ml {
namespace {

torch::Tensor selectIds(const std::vector<int64_t>& ids, int64_t rows, const std::string& split,
                        const std::string& path) {
  for (int64_t id : ids) {
    if (id < 0 || id >= rows)
      throw Error(ErrorKind::Execution, split + " id " + std::to_string(id) + " is out of range for dataset '" + path +
                                            "' with " + std::to_string(rows) + " " + split + " rows");
  }
  return torch::tensor(ids, torch::kInt64);
}

Split selectRows(const Split& split, const torch::Tensor& ids) {
  return Split{split.images.index_select(0, ids), split.labels.index_select(0, ids)};
}

void checkShape(const Dataset& root, const DatasetSource& source) {
  const auto& images = root.train.images;
  if (images.size(1) != source.channels || images.size(2) != source.height || images.size(3) != source.width)
    throw Error(ErrorKind::Io, "dataset files in '" + source.path + "' hold " + std::to_string(images.size(1)) + "x" +
                                   std::to_string(images.size(2)) + "x" + std::to_string(images.size(3)) +
                                   " images, but the catalog recorded " + std::to_string(source.channels) + "x" +
                                   std::to_string(source.height) + "x" + std::to_string(source.width));
  if (source.num_classes > 0 && root.num_classes > source.num_classes)
    throw Error(ErrorKind::Io, "dataset files in '" + source.path + "' hold labels up to " +
                                   std::to_string(root.num_classes - 1) + ", but the catalog recorded " +
                                   std::to_string(source.num_classes) + " classes");
}

}  // namespace

std::shared_ptr<const Dataset> loadDataset(const DatasetSource& source) {
  const RootDataset loaded = loadRootDataset(source.format, source.path);
  // A file replaced or edited after CREATE DATASET would silently change what every model,
  // forget set and metric of the dataset means.
  if (!source.content_hash.empty() && loaded.content_hash != source.content_hash)
    throw Error(ErrorKind::Io, "dataset files in '" + source.path +
                                   "' have changed since CREATE DATASET (their SHA-256 is " + loaded.content_hash.substr(0, 12) +
                                   "..., the catalog recorded " + source.content_hash.substr(0, 12) +
                                   "...): restore the files, or create the dataset anew from them");
  const std::shared_ptr<const Dataset>& root = loaded.data;
  checkShape(*root, source);
  const int64_t classes = source.num_classes > 0 ? source.num_classes : root->num_classes;
  if (!source.train_ids && !source.test_ids && !source.corruption && classes == root->num_classes) return root;

  auto subset = std::make_shared<Dataset>(*root);
  subset->num_classes = classes;
  if (source.train_ids)
    subset->train = selectRows(root->train, selectIds(*source.train_ids, root->train.size(), "train", source.path));
  if (source.test_ids)
    subset->test = selectRows(root->test, selectIds(*source.test_ids, root->test.size(), "test", source.path));
  // Corruption comes after the selection: its rows index the selected training split.
  if (source.corruption) applyCorruption(*subset, *source.corruption, source.path);
  return subset;
}

torch::Tensor toInput(const torch::Tensor& images, const torch::Device& device) {
  // Move the bytes first: a quarter of the traffic of moving floats to an accelerator.
  return images.to(device, /*non_blocking=*/true).to(torch::kFloat32).div_(255.0);
}

}  // namespace lethe::ml
