// CORRUPT DATASET: the parent's labels decide which rows the recipe corrupts; the new
// dataset row, its recipe and those rows (with their true labels) go in one transaction.
// No pixels or labels are copied: loading the dataset regenerates them from the recipe.
#include "engine/session.hpp"
#include "executors/api_corrupt.hpp"

namespace lethe::engine {

Result runCorruptDataset(Session& session, const ast::CorruptDatasetInfo& info) {
  auto bound = session.binder().bindCorruptDataset(info);
  auto plan = planner::planCorruptDataset(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);

  auto start = std::chrono::steady_clock::now();
  const exec::CorruptionSpec spec = exec::corruptedRows(bound.parent.source, bound.spec, bound.parent.entry.class_names);
  plan.nodes.front().seconds = secondsSince(start);

  start = std::chrono::steady_clock::now();
  catalog::Catalog::Transaction transaction(session.catalog);
  catalog::DatasetEntry& entry = bound.entry;
  entry.id = session.catalog.insertDataset(entry);
  catalog::CorruptionEntry corruption;
  corruption.dataset_id = entry.id;
  corruption.kind = spec.kind;
  corruption.count = spec.count;
  if (spec.kind == "poison") corruption.target = spec.target;
  corruption.classes = spec.classes;
  corruption.seed = static_cast<int64_t>(spec.seed);
  corruption.rows = spec.rows;
  corruption.true_labels = spec.true_labels;
  session.catalog.insertCorruption(corruption);
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  result.setColumns({"dataset", "kind", "corruption", "corrupted", "train", "test", "recipe"});
  result.addRow({entry.name, entry.kind, spec.kind, static_cast<int64_t>(spec.rows.size()), entry.num_train, entry.num_test,
                 entry.recipe_json});
  return result;
}

}  // namespace lethe::engine
