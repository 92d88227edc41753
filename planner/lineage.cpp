#include "planner/lineage.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace lethe::planner {

namespace {

// How a dataset's training rows map to `base`'s: through each subset's train_ids, unchanged
// through a corruption. Absent when the dataset does not derive from `base`.
struct Derivation {
  std::optional<std::vector<int64_t>> to_base;  // row i -> base row to_base[i]; none: the identity
  std::string path;                             // "subset of fmnist", "" for base itself
};

std::optional<Derivation> deriveFrom(const catalog::DatasetEntry& dataset, int64_t base_id,
                                     const std::map<int64_t, catalog::DatasetEntry>& datasets) {
  Derivation out;
  std::vector<std::string> steps;
  const catalog::DatasetEntry* current = &dataset;
  while (current->id != base_id) {
    if (current->kind != "subset" && current->kind != "corrupted") return std::nullopt;
    auto parent = current->parent_id ? datasets.find(*current->parent_id) : datasets.end();
    if (parent == datasets.end()) return std::nullopt;  // the chain was dropped
    if (current->kind == "subset") {
      if (!out.to_base) {
        out.to_base = current->train_ids;
      } else {
        for (auto& row : *out.to_base) row = current->train_ids.at(static_cast<size_t>(row));
      }
    }
    steps.push_back((current->kind == "subset" ? "subset of " : "corruption of ") + parent->second.name);
    current = &parent->second;
  }
  for (size_t i = 0; i < steps.size(); ++i) out.path += (i ? ", " : "") + steps[i];
  return out;
}

// The asked base rows as rows of the derived dataset (sorted).
std::vector<int64_t> rowsIn(const Derivation& derivation, const std::vector<int64_t>& sorted_base_rows, int64_t num_train) {
  std::vector<int64_t> rows;
  if (!derivation.to_base) {
    for (int64_t row : sorted_base_rows)
      if (row >= 0 && row < num_train) rows.push_back(row);
    return rows;
  }
  const auto& map = *derivation.to_base;
  for (size_t i = 0; i < map.size(); ++i)
    if (std::binary_search(sorted_base_rows.begin(), sorted_base_rows.end(), map[i])) rows.push_back(static_cast<int64_t>(i));
  return rows;
}

}  // namespace

Lineage::Lineage(const catalog::Catalog& catalog) : catalog_(catalog) {
  for (auto& d : catalog.listDatasets()) datasets_.emplace(d.id, std::move(d));
  models_ = catalog.listModels();
  for (auto& v : catalog.listAllVersions()) {
    versions_of_model_[v.model_id].push_back(v.id);
    versions_.emplace(v.id, std::move(v));
  }
  forget_set_of_ = catalog.forgetSetsOfVersions();
}

const std::vector<int64_t>& Lineage::forgotten(int64_t forget_set) const {
  static const std::vector<int64_t> kNone;
  if (!forget_ids_) forget_ids_ = catalog_.allForgetSetIds();  // one pass beats one query per set
  auto it = forget_ids_->find(forget_set);
  return it == forget_ids_->end() ? kNone : it->second;
}

std::vector<LineageHit> findLineage(const catalog::Catalog& catalog, const catalog::DatasetEntry& base,
                                    const std::vector<int64_t>& rows, bool active_only) {
  return Lineage(catalog).find(base, rows, active_only);
}

std::vector<LineageHit> Lineage::find(const catalog::DatasetEntry& base, const std::vector<int64_t>& rows,
                                      bool active_only) const {
  std::vector<int64_t> asked = rows;
  std::sort(asked.begin(), asked.end());
  asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
  const auto& datasets = datasets_;
  const auto& versions = versions_;
  const auto& forget_set_of = forget_set_of_;

  std::vector<LineageHit> hits;
  std::map<int64_t, std::optional<Derivation>> derivations;
  for (const auto& model : models_) {
    auto dataset = datasets.find(model.dataset_id);
    if (dataset == datasets.end()) continue;
    auto& derivation = derivations[model.dataset_id];
    if (!derivation) derivation = deriveFrom(dataset->second, base.id, datasets);
    if (!derivation) continue;
    const std::vector<int64_t> held = rowsIn(*derivation, asked, dataset->second.num_train);
    if (held.empty()) continue;
    auto listed = versions_of_model_.find(model.id);
    if (listed == versions_of_model_.end()) continue;
    const auto& ids = listed->second;
    const int64_t active_id = model.active_version_id && versions.count(*model.active_version_id)
                                  ? *model.active_version_id
                                  : ids.back();
    for (int64_t version_id : ids) {
      if (active_only && version_id != active_id) continue;
      // Walk the chain up: every FORGET on the way removed its forget set's rows.
      std::vector<int64_t> left = held;
      for (std::optional<int64_t> at = version_id; at && !left.empty();) {
        auto link = versions.find(*at);
        if (link == versions.end()) break;  // an ancestor was dropped: what it forgot is unknown
        if (auto set = forget_set_of.find(*at); set != forget_set_of.end()) {
          const auto& gone = forgotten(set->second);
          left.erase(std::remove_if(left.begin(), left.end(),
                                    [&](int64_t r) { return std::binary_search(gone.begin(), gone.end(), r); }),
                     left.end());
        }
        at = link->second.parent_version_id;
      }
      if (left.empty()) continue;
      LineageHit hit;
      hit.model = model;
      hit.version = versions.at(version_id);
      hit.dataset = dataset->second.name;
      hit.held = static_cast<int64_t>(held.size());
      hit.active = version_id == active_id;
      hit.how = "trained on " + hit.dataset + (derivation->path.empty() ? "" : " (" + derivation->path + ")");
      if (left.size() < held.size())
        hit.how += "; " + std::to_string(held.size() - left.size()) + " of its " + std::to_string(held.size()) +
                   " rows forgotten in its version chain";
      hit.rows = std::move(left);
      hits.push_back(std::move(hit));
    }
  }
  return hits;
}

}  // namespace lethe::planner
