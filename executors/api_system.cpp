// The small torch-backed queries of the executor API: dataset probing, parameter counts,
// CUDA availability and the thread count.
#include <thread>

#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

DatasetProbe probeDataset(const std::string& format, const std::string& path) {
  return ml::probeDataset(format, path);
}

int64_t parameterCount(const std::string& arch, const DatasetSource& dataset) {
  const ml::InputShape shape{dataset.channels, dataset.height, dataset.width, dataset.num_classes};
  return ml::countParameters(*ml::makeClassifier(arch, shape));
}

bool cudaAvailable() { return torch::cuda::is_available(); }

void setThreads(int threads) {
  const unsigned hardware = std::thread::hardware_concurrency();
  const int count = threads > 0 ? threads : static_cast<int>(hardware > 0 ? hardware : 1);
  if (torch::get_num_threads() != count) torch::set_num_threads(count);
}

}  // namespace lethe::exec
