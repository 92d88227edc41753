#pragma once
// CORRUPT DATASET on the data (METHODS.md, "REM — corrupted-data unlearning"): which rows a
// recipe corrupts and how, regenerated from the recipe on every load — never stored pixels.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "common/dataset_source.hpp"
#include "ml/dataset.hpp"

namespace lethe::ml {

// The rows a recipe corrupts (ascending), their true labels and the labels they get.
struct CorruptedRows {
  std::vector<int64_t> rows;
  std::vector<int64_t> true_labels;
  std::vector<int64_t> new_labels;
};

// Deterministic in (labels, recipe): the same seed always picks the same rows and labels.
// `class_names` only names classes in errors (may be empty). Throws Error(Binder) when the
// recipe does not fit the data: count larger than the rows (or than a swapped class), a
// class out of range, too few classes for a wrong label.
CorruptedRows planCorruption(const torch::Tensor& labels, int64_t num_classes, const CorruptionSpec& spec,
                             const std::vector<std::string>& class_names = {});

// The backdoor trigger: a 3x3 patch of the maximum pixel value (255 in uint8 storage, 1.0
// after toInput) in the bottom-right corner of every channel of `rows` (int64), in place.
void stampTrigger(torch::Tensor& images, const torch::Tensor& rows);

// Applies the recipe to `data`'s training split (copying the tensors it changes) and
// records it in data.corruption with the rows and true labels filled in. When the spec
// carries stored rows, regenerating must give exactly those (else Error(Io): the data
// under the dataset changed since CORRUPT DATASET ran).
void applyCorruption(Dataset& data, const CorruptionSpec& spec, const std::string& path);

// Poison's attack test set: every test image not of class `target`, with the trigger.
Split triggeredTestSplit(const Split& test, int64_t target);

}  // namespace lethe::ml
