#pragma once
// Lineage: which model versions still hold given training rows of a dataset. A model holds a
// row when it was trained on that dataset or on one derived from it (subsets map their rows to
// the parent's through train_ids; a corruption keeps its parent's rows), unless a FORGET in its
// version chain (the version itself, its parent, ...) forgot that row. Reads the catalog only.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"

namespace lethe::planner {

struct LineageHit {
  catalog::ModelEntry model;
  catalog::VersionEntry version;
  std::string dataset;          // the dataset the model was trained on
  std::vector<int64_t> rows;    // the asked rows it still holds, as training rows of `dataset`
  int64_t held = 0;             // rows of the asked ones it was trained on
  bool active = false;          // the version `model` names
  std::string how;              // in words: "trained on small (subset of fmnist); 1 forgotten"
};

// The catalog's datasets, models, versions and forget sets, read once, for many questions (SHOW
// REQUESTS asks one per request). Forget sets are read on the first question that needs them.
class Lineage {
 public:
  explicit Lineage(const catalog::Catalog& catalog);

  // `rows`: training rows of `base`, any order. `active_only`: the versions models name only.
  std::vector<LineageHit> find(const catalog::DatasetEntry& base, const std::vector<int64_t>& rows, bool active_only) const;

 private:
  const std::vector<int64_t>& forgotten(int64_t forget_set) const;

  const catalog::Catalog& catalog_;
  std::map<int64_t, catalog::DatasetEntry> datasets_;
  std::vector<catalog::ModelEntry> models_;
  std::map<int64_t, catalog::VersionEntry> versions_;
  std::map<int64_t, std::vector<int64_t>> versions_of_model_;  // version ids, oldest first
  std::map<int64_t, int64_t> forget_set_of_;                   // version -> the set its FORGET forgot
  mutable std::optional<std::map<int64_t, std::vector<int64_t>>> forget_ids_;
};

// One question: Lineage(catalog).find(base, rows, active_only).
std::vector<LineageHit> findLineage(const catalog::Catalog& catalog, const catalog::DatasetEntry& base,
                                    const std::vector<int64_t>& rows, bool active_only);

}  // namespace lethe::planner
