// probeDataset: what CREATE DATASET records — counts, shape, classes and a content hash.
#include "common/error.hpp"
#include "ml/dataset_cache.hpp"
#include "ml/dataset_formats.hpp"

namespace lethe::ml {

DatasetProbe probeDataset(const std::string& format, const std::string& path) {
  // Reading through the cache validates the files and leaves them loaded for the
  // statements that usually follow (CREATE MODEL).
  const RootDataset loaded = loadRootDataset(format, path);
  const std::shared_ptr<const Dataset>& root = loaded.data;
  DatasetProbe probe;
  probe.num_train = root->train.size();
  probe.num_test = root->test.size();
  probe.num_classes = root->num_classes;
  probe.channels = root->train.images.size(1);
  probe.height = root->train.images.size(2);
  probe.width = root->train.images.size(3);
  probe.class_names = root->class_names;
  probe.content_hash = loaded.content_hash;
  return probe;
}

}  // namespace lethe::ml
