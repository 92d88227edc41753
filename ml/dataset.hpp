#pragma once
// Datasets resident in memory as uint8 tensors, batched by index (no per-sample copies).
#include <torch/torch.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/dataset_source.hpp"

namespace lethe::ml {

struct Split {
  torch::Tensor images;  // uint8 [N, C, H, W], CPU
  torch::Tensor labels;  // int64 [N], CPU
  int64_t size() const { return labels.size(0); }
};

struct Dataset {
  Split train;
  Split test;
  int64_t num_classes = 0;
  // Names the files give the classes (CIFAR meta files, folder names), index = label;
  // empty when the format has none (IDX), and the catalog then numbers them.
  std::vector<std::string> class_names;
  // CORRUPT DATASET: the recipe applied to `train`, with its rows and their true labels
  // (ml/corruption.cpp); the REM metrics read it.
  std::optional<CorruptionSpec> corruption;
};

// Loads the dataset a DatasetSource describes. Root files are read once per process and
// cached (keyed by format + path); subsets are index_select views over the cached root.
// Throws lethe::Error(ErrorKind::Io) naming the file for missing, truncated or malformed data.
std::shared_ptr<const Dataset> loadDataset(const DatasetSource& source);

// Reads the root files once and reports counts, shape and a content hash (CREATE DATASET).
DatasetProbe probeDataset(const std::string& format, const std::string& path);

// uint8 [N,C,H,W] -> float in [0, 1] on `device`.
torch::Tensor toInput(const torch::Tensor& images, const torch::Device& device);

}  // namespace lethe::ml
