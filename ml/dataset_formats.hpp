#pragma once
// The dataset formats behind loadDataset(), one reader each, found by the same names as the
// planner's format registry. Internal to ml/.
#include <string>
#include <vector>

#include "ml/dataset.hpp"

namespace lethe::ml {

// The files a root dataset of `format` at `dir` is read from, in a fixed order: the cache
// checks their stamps and CREATE DATASET hashes their bytes. Throws Error(Io) naming a
// missing file, or for an unknown format (with a did-you-mean).
std::vector<std::string> datasetFiles(const std::string& format, const std::string& dir);

// Reads and validates every file of the dataset.
Dataset readDataset(const std::string& format, const std::string& dir);

// The readers (cifar.cpp, image_folder.cpp; idx in idx.hpp).
std::vector<std::string> cifar10Files(const std::string& dir);
Dataset readCifar10(const std::string& dir);
std::vector<std::string> cifar100Files(const std::string& dir);
Dataset readCifar100(const std::string& dir);
std::vector<std::string> imageFolderFiles(const std::string& dir);
Dataset readImageFolder(const std::string& dir);

}  // namespace lethe::ml
