#pragma once
// MNIST-style IDX files (plain or gzip-compressed): single arrays and whole dataset
// directories. Internal to ml/; operators go through loadDataset().
#include <torch/torch.h>

#include <string>
#include <vector>

#include "ml/dataset.hpp"

namespace lethe::ml {

// "<dir>/<stem>" when it exists, else "<dir>/<stem>.gz"; throws Error(Io) naming both
// spellings ("missing IDX file '<dir>/<stem>[.gz]'") when neither exists.
std::string resolveIdxPath(const std::string& dir, const std::string& stem);

// An unsigned-byte IDX array of `expected_rank` dimensions (3 for images, 1 for labels).
// `what` names the payload in errors ("image data", "label data"). Throws Error(Io) naming
// the file for a bad magic number, a wrong element type or rank, or a truncated payload.
torch::Tensor readIdxFile(const std::string& path, int64_t expected_rank, const std::string& what);

// The four files of an IDX dataset directory, resolved to their plain or .gz spelling,
// in the order train images, train labels, test images, test labels.
std::vector<std::string> idxDatasetFiles(const std::string& dir);

// Reads all four files: images become uint8 [N, 1, H, W], labels int64 [N]; num_classes is
// the largest label + 1. Throws Error(Io) when counts or image shapes disagree.
Dataset readIdxDataset(const std::string& dir);

}  // namespace lethe::ml
