// exec::corruptedRows — CORRUPT DATASET's one look at the data: the parent's labels decide
// which rows the recipe picks.
#include "executors/api_corrupt.hpp"

#include "ml/corruption.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

CorruptionSpec corruptedRows(const DatasetSource& parent, const CorruptionSpec& spec,
                             const std::vector<std::string>& class_names) {
  const auto data = ml::loadDataset(parent);
  const ml::CorruptedRows rows = ml::planCorruption(data->train.labels, data->num_classes, spec, class_names);
  CorruptionSpec filled = spec;
  filled.rows = rows.rows;
  filled.true_labels = rows.true_labels;
  return filled;
}

}  // namespace lethe::exec
