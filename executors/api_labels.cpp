// Class-wise forget sets: the training rows of the given classes.
#include "executors/api.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

std::vector<int64_t> trainIndicesOfClasses(const DatasetSource& dataset, const std::vector<int64_t>& classes) {
  const auto data = ml::loadDataset(dataset);
  const auto wanted = torch::tensor(classes, torch::kInt64);
  const auto rows = torch::isin(data->train.labels, wanted).nonzero().flatten().contiguous();
  const int64_t* begin = rows.data_ptr<int64_t>();
  return std::vector<int64_t>(begin, begin + rows.numel());
}

}  // namespace lethe::exec
