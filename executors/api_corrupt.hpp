#pragma once
// The torch-free face of CORRUPT DATASET (beside api.hpp): the engine asks which rows a
// recipe corrupts before it stores the corrupted dataset.
#include <string>
#include <vector>

#include "executors/api.hpp"

namespace lethe::exec {

// `spec` with rows and true_labels filled in: the rows of `parent`'s training split the
// recipe corrupts (ascending) and their labels before corruption. Throws Error(Binder) with
// the class named from `class_names` when the recipe does not fit the data (e.g. swap asks
// for more rows than a class has).
CorruptionSpec corruptedRows(const DatasetSource& parent, const CorruptionSpec& spec,
                             const std::vector<std::string>& class_names);

}  // namespace lethe::exec
