#include "catalog/blob_store.hpp"
#include "catalog/catalog.hpp"
#include "catalog/codec.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

const char* const kSelectDataset =
    "SELECT id, name, kind, format, path, content_hash, parent_id, recipe_json, train_ids, test_ids, "
    "num_train, num_test, class_names, channels, height, width, created_at FROM datasets ";
// The same without a subset's row ids (thousands of numbers as JSON, most of the cost of a
// read): what listings and descriptions need.
const char* const kSelectDatasetWithoutIds =
    "SELECT id, name, kind, format, path, content_hash, parent_id, recipe_json, '[]', '[]', "
    "num_train, num_test, class_names, channels, height, width, created_at FROM datasets ";

const char* selectDataset(bool with_ids) { return with_ids ? kSelectDataset : kSelectDatasetWithoutIds; }

DatasetEntry readDataset(const Statement& row) {
  DatasetEntry entry;
  entry.id = row.int64(0);
  entry.name = row.text(1);
  entry.kind = row.text(2);
  entry.format = row.text(3);
  entry.path = row.text(4);
  entry.content_hash = row.text(5);
  entry.parent_id = row.optionalInt64(6);
  entry.recipe_json = row.text(7);
  entry.train_ids = intsFromJson(row.text(8), "datasets.train_ids");
  entry.test_ids = intsFromJson(row.text(9), "datasets.test_ids");
  entry.num_train = row.int64(10);
  entry.num_test = row.int64(11);
  entry.class_names = stringsFromJson(row.text(12), "datasets.class_names");
  entry.channels = row.int64(13);
  entry.height = row.int64(14);
  entry.width = row.int64(15);
  entry.created_at = row.text(16);
  return entry;
}

std::optional<DatasetEntry> readOne(Statement& query) {
  if (!query.step()) return std::nullopt;
  return readDataset(query);
}

}  // namespace

int64_t Catalog::insertDataset(const DatasetEntry& entry) {
  if (findDataset(entry.name)) throw Error(ErrorKind::Catalog, "dataset '" + entry.name + "' already exists");
  Statement insert(db_,
                   "INSERT INTO datasets (name, kind, format, path, content_hash, parent_id, recipe_json, "
                   "train_ids, test_ids, num_train, num_test, class_names, channels, height, width) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  insert.bind(1, entry.name).bind(2, entry.kind).bind(3, entry.format).bind(4, entry.path);
  insert.bind(5, entry.content_hash).bind(6, entry.parent_id).bind(7, entry.recipe_json);
  insert.bind(8, intsToJson(entry.train_ids)).bind(9, intsToJson(entry.test_ids));
  insert.bind(10, entry.num_train).bind(11, entry.num_test).bind(12, stringsToJson(entry.class_names));
  insert.bind(13, entry.channels).bind(14, entry.height).bind(15, entry.width);
  insert.run();
  return lastInsertId(db_);
}

std::optional<DatasetEntry> Catalog::findDataset(const std::string& name, bool with_ids) const {
  Statement query(db_, std::string(selectDataset(with_ids)) + "WHERE name = ?1");
  query.bind(1, name);
  return readOne(query);
}

std::optional<DatasetEntry> Catalog::datasetById(int64_t id, bool with_ids) const {
  Statement query(db_, std::string(selectDataset(with_ids)) + "WHERE id = ?1");
  query.bind(1, id);
  return readOne(query);
}

std::vector<DatasetEntry> Catalog::listDatasets(bool with_ids) const {
  Statement query(db_, std::string(selectDataset(with_ids)) + "ORDER BY id");
  std::vector<DatasetEntry> entries;
  while (query.step()) entries.push_back(readDataset(query));
  return entries;
}

// Only the dataset row goes: models keep their dataset_id and dataset_name so the binder
// can report which dropped dataset a model was trained on.
void Catalog::deleteDataset(int64_t id) {
  Statement remove(db_, "DELETE FROM datasets WHERE id = ?1");
  remove.bind(1, id).run();
  if (changes(db_) == 0) throw Error(ErrorKind::Catalog, "dataset " + std::to_string(id) + " does not exist");
  deleteUnreferencedBlobs(db_);  // a sample set's images went with its row (ON DELETE CASCADE)
}

}  // namespace lethe::catalog
