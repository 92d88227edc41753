#pragma once
// How a dataset is materialised from its files, as the binder resolves it from the catalog and
// the loader (ml/) reads it, and what CREATE DATASET learns by probing the files.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lethe {

// A corrupted dataset's recipe (CORRUPT DATASET, METHODS.md "REM"), applied by the loader
// to the training split after the train_ids selection: poison stamps a 3x3 patch of the
// maximum pixel value into the bottom-right corner of `count` seeded random rows not of
// class `target` and relabels them `target`; swap relabels the first count/2 rows of class
// a as b and of b as a; random gives `count` seeded random rows a uniformly random wrong label.
struct CorruptionSpec {
  std::string kind;              // "poison", "swap", "random"
  int64_t count = 0;
  int64_t target = -1;           // poison
  std::vector<int64_t> classes;  // swap: {a, b}
  uint64_t seed = 1;
  // The rows the recipe corrupts (ascending) and their true labels, as the catalog stored
  // them; the loader checks that regenerating gives the same. Empty while creating.
  std::vector<int64_t> rows;
  std::vector<int64_t> true_labels;
};

// How to materialise a dataset. The binder flattens subsets: `path`/`format` name the root
// files; when train_ids/test_ids are present they select (in order) the rows of the root's
// training/test split that make up this dataset.
struct DatasetSource {
  std::string format;  // "idx", "cifar10", "cifar100", "folder" (BUILTIN 'fashion-mnist' is idx)
  std::string path;    // the dataset directory (train-images-idx3-ubyte[.gz], data_batch_1.bin, train/, ...)
  // The files' SHA-256 as CREATE DATASET recorded it: loading checks the files against it
  // ("" for catalogs that recorded none).
  std::string content_hash;
  std::optional<std::vector<int64_t>> train_ids;
  std::optional<std::vector<int64_t>> test_ids;
  std::optional<CorruptionSpec> corruption;  // CORRUPT DATASET: applied after train_ids
  int64_t num_classes = 10;
  int64_t channels = 1;
  int64_t height = 28;
  int64_t width = 28;
};

// What CREATE DATASET learns by reading the files once (and validates).
struct DatasetProbe {
  int64_t num_train = 0;
  int64_t num_test = 0;
  int64_t num_classes = 0;  // max label + 1
  int64_t channels = 1;
  int64_t height = 0;
  int64_t width = 0;
  std::string content_hash;  // SHA-256 over the files' bytes
  std::vector<std::string> class_names;  // named by the files (CIFAR meta, folder names);
                                         // empty when the format names none (idx)
};

}  // namespace lethe
