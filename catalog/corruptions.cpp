// Corrupted datasets (CORRUPT DATASET): the recipe row and one row per corrupted sample
// with its true label. Rows are read back in ascending order.
#include "catalog/catalog.hpp"
#include "catalog/codec.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

void Catalog::insertCorruption(const CorruptionEntry& entry) {
  if (entry.rows.size() != entry.true_labels.size())
    throw Error(ErrorKind::Catalog, "corruption of dataset " + std::to_string(entry.dataset_id) + " has " +
                                        std::to_string(entry.rows.size()) + " rows but " +
                                        std::to_string(entry.true_labels.size()) + " true labels");
  // Recipe and rows go in together or not at all, inside or outside a Transaction.
  Savepoint savepoint(db_);
  Statement insert(db_, "INSERT INTO corruptions (dataset_id, kind, count, target, classes, seed) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, entry.dataset_id).bind(2, entry.kind).bind(3, entry.count).bind(4, entry.target);
  insert.bind(5, intsToJson(entry.classes)).bind(6, entry.seed);
  insert.run();
  Statement row(db_, "INSERT INTO corrupted_rows (dataset_id, row_id, true_label) VALUES (?1, ?2, ?3)");
  for (size_t i = 0; i < entry.rows.size(); ++i) {
    row.bind(1, entry.dataset_id).bind(2, entry.rows[i]).bind(3, entry.true_labels[i]);
    row.run();
    row.reset();
  }
  savepoint.release();
}

std::optional<CorruptionEntry> Catalog::corruptionOf(int64_t dataset_id) const {
  Statement query(db_, "SELECT kind, count, target, classes, seed FROM corruptions WHERE dataset_id = ?1");
  query.bind(1, dataset_id);
  if (!query.step()) return std::nullopt;
  CorruptionEntry entry;
  entry.dataset_id = dataset_id;
  entry.kind = query.text(0);
  entry.count = query.int64(1);
  entry.target = query.optionalInt64(2);
  entry.classes = intsFromJson(query.text(3), "corruptions.classes");
  entry.seed = query.int64(4);
  Statement rows(db_, "SELECT row_id, true_label FROM corrupted_rows WHERE dataset_id = ?1 ORDER BY row_id");
  rows.bind(1, dataset_id);
  while (rows.step()) {
    entry.rows.push_back(rows.int64(0));
    entry.true_labels.push_back(rows.int64(1));
  }
  return entry;
}

}  // namespace lethe::catalog
