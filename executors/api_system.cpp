// The small torch-backed queries of the executor API: dataset probing, parameter counts,
// CUDA availability and the thread count.
#include <map>
#include <mutex>
#include <thread>
#include <tuple>

#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"

namespace lethe::exec {

DatasetProbe probeDataset(const std::string& format, const std::string& path) {
  return ml::probeDataset(format, path);
}

// Building a network to count its parameters costs far more than the DESCRIBE that asks
// (resnet18: milliseconds of initialisation): the count of an (arch, shape) is kept.
int64_t parameterCount(const std::string& arch, const DatasetSource& dataset) {
  const ml::InputShape shape{dataset.channels, dataset.height, dataset.width, dataset.num_classes};
  static std::mutex mutex;
  static std::map<std::tuple<std::string, int64_t, int64_t, int64_t, int64_t>, int64_t> counts;
  const auto key = std::make_tuple(arch, shape.channels, shape.height, shape.width, shape.classes);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = counts.find(key); it != counts.end()) return it->second;
  }
  const int64_t count = ml::countParameters(*ml::makeClassifier(arch, shape));
  std::lock_guard<std::mutex> lock(mutex);
  counts[key] = count;
  return count;
}

bool cudaAvailable() { return torch::cuda::is_available(); }

void setThreads(int threads) {
  const unsigned hardware = std::thread::hardware_concurrency();
  const int count = threads > 0 ? threads : static_cast<int>(hardware > 0 ? hardware : 1);
  if (torch::get_num_threads() != count) torch::set_num_threads(count);
}

}  // namespace lethe::exec
