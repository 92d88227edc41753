// Resolving dataset and model names (with versions) against the catalog.
#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"
#include "planner/sample_dataset.hpp"

namespace lethe::planner {

std::string at(const ast::SourcePos& pos) {
  if (pos.line == 0) return "";
  return " at line " + std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

namespace {

std::vector<std::string> datasetNames(const catalog::Catalog& catalog) {
  std::vector<std::string> names;
  for (const auto& d : catalog.listDatasets(/*with_ids=*/false)) names.push_back(d.name);
  return names;
}

std::vector<std::string> modelNames(const catalog::Catalog& catalog) {
  std::vector<std::string> names;
  for (const auto& m : catalog.listModels()) names.push_back(m.name);
  return names;
}

// Composes index lists: `outer` indexes into `inner`'s rows.
std::vector<int64_t> compose(const std::vector<int64_t>& inner, const std::vector<int64_t>& outer) {
  std::vector<int64_t> out;
  out.reserve(outer.size());
  for (int64_t i : outer) out.push_back(inner.at(static_cast<size_t>(i)));
  return out;
}

}  // namespace

BoundDataset Binder::bindDataset(const ast::Name& name) const {
  auto entry = catalog_.findDataset(name.text);
  if (!entry) throw Error(ErrorKind::Binder, unknownNameMessage("dataset", name.text, datasetNames(catalog_)) + at(name.pos));
  return datasetOf(*entry);
}

catalog::DatasetEntry Binder::findDatasetEntry(const ast::Name& name) const {
  auto entry = catalog_.findDataset(name.text, /*with_ids=*/false);
  if (!entry) throw Error(ErrorKind::Binder, unknownNameMessage("dataset", name.text, datasetNames(catalog_)) + at(name.pos));
  return *entry;
}

BoundDataset Binder::datasetOf(const catalog::DatasetEntry& entry) const {
  BoundDataset bound;
  bound.entry = entry;
  auto& source = bound.source;
  source.num_classes = static_cast<int64_t>(entry.class_names.size());
  source.channels = entry.channels;
  source.height = entry.height;
  source.width = entry.width;

  // A corrupted dataset is its parent's rows plus the recipe the loader applies to them.
  catalog::DatasetEntry current = entry;
  if (current.kind == "corrupted") {
    auto stored = catalog_.corruptionOf(current.id);
    if (!stored) throw Error(ErrorKind::Catalog, "corrupted dataset '" + entry.name + "' has no corruption recipe in the catalog");
    CorruptionSpec spec;
    spec.kind = stored->kind;
    spec.count = stored->count;
    spec.target = stored->target.value_or(-1);
    spec.classes = stored->classes;
    spec.seed = static_cast<uint64_t>(stored->seed);
    spec.rows = stored->rows;
    spec.true_labels = stored->true_labels;
    source.corruption = std::move(spec);
    auto parent = current.parent_id ? catalog_.datasetById(*current.parent_id) : std::nullopt;
    if (!parent)
      throw Error(ErrorKind::Binder, "dataset '" + entry.name + "' is a corruption of a dataset that has been dropped");
    current = *parent;
  }

  // Walk up the subset chain to the root files, composing the index lists on the way.
  std::optional<std::vector<int64_t>> train_ids, test_ids;
  while (current.kind == "subset") {
    train_ids = train_ids ? compose(current.train_ids, *train_ids) : current.train_ids;
    test_ids = test_ids ? compose(current.test_ids, *test_ids) : current.test_ids;
    auto parent = current.parent_id ? catalog_.datasetById(*current.parent_id) : std::nullopt;
    if (!parent)
      throw Error(ErrorKind::Binder, "dataset '" + entry.name + "' is a subset of a dataset that has been dropped");
    current = *parent;
  }
  // CORRUPT DATASET and AS SUBSET OF refuse corrupted parents, so nothing corrupted lies above.
  if (current.kind == "corrupted")
    throw Error(ErrorKind::Catalog, "dataset '" + entry.name + "' derives from corrupted dataset '" + current.name +
                                        "' in a way this Lethe cannot load");
  source.format = current.format;
  source.path = current.path;
  source.content_hash = current.content_hash;
  if (current.kind == "samples") {
    // The files after the samples' rows hold blanks for the classes no sample has: select the samples.
    source.path = sampleFiles(current);
    std::vector<int64_t> rows(static_cast<size_t>(current.num_train));
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int64_t>(i);
    if (!train_ids) train_ids = rows;
    if (!test_ids) test_ids = rows;
  }
  source.train_ids = train_ids;
  source.test_ids = test_ids;
  return bound;
}

// Reading the catalog only: the files are a cache of the stored images (planner/sample_dataset.hpp).
std::string Binder::sampleFiles(const catalog::DatasetEntry& entry) const {
  if (!sampleFilesPresent(entry.content_hash)) {
    const auto set = catalog_.sampleSetOf(entry.id);
    if (!set) throw Error(ErrorKind::Catalog, "dataset '" + entry.name + "' holds generated samples, but the catalog has none stored");
    writeSampleFiles(decodeSampleImages(catalog_.loadBlob(set->blob_id)), entry.content_hash);
  }
  return sampleFilesDirectory(entry.content_hash);
}

catalog::ModelEntry Binder::findModel(const ast::Name& name) const {
  auto model = catalog_.findModel(name.text);
  if (!model) throw Error(ErrorKind::Binder, unknownNameMessage("model", name.text, modelNames(catalog_)) + at(name.pos));
  return *model;
}

// `m` alone is the active version (SET ACTIVE / ROLLBACK; a new version becomes active).
catalog::VersionEntry Binder::bindVersion(const catalog::ModelEntry& model, std::optional<int64_t> version,
                                          const ast::SourcePos& pos) const {
  auto latest = catalog_.latestVersion(model.id);
  if (!latest) throw Error(ErrorKind::Catalog, "model '" + model.name + "' has no versions");
  if (!version) return *catalog_.activeVersion(model.id);
  auto found = catalog_.findVersion(model.id, *version);
  if (!found) {
    std::vector<std::string> existing;
    for (const auto& v : catalog_.listVersions(model.id)) existing.push_back(std::to_string(v.version));
    throw Error(ErrorKind::Binder, "model '" + model.name + "' has no version " + std::to_string(*version) + " (versions " +
                                       (existing.size() == static_cast<size_t>(latest->version)
                                            ? "1.." + std::to_string(latest->version)
                                            : join(existing, ", ")) +
                                       ")" + at(pos));
  }
  return *found;
}

BoundModel Binder::bindModel(const ast::ModelRef& ref) const {
  BoundModel bound;
  bound.model = findModel(ref.name);
  bound.version = bindVersion(bound.model, ref.version, ref.name.pos);
  auto dataset = catalog_.datasetById(bound.model.dataset_id);
  if (!dataset)
    throw Error(ErrorKind::Binder, "model '" + bound.model.name + "' was trained on dataset '" + bound.model.dataset_name +
                                       "', which has been dropped; recreate the dataset or drop the model");
  bound.dataset = datasetOf(*dataset);
  bound.recipe = OptionValues::fromJson(bound.model.recipe_json);
  return bound;
}

}  // namespace lethe::planner

namespace lethe::planner {

catalog::ForgetSetEntry Binder::bindStoredForgetSet(int64_t id, const BoundModel& model, const ast::SourcePos& pos) const {
  auto set = catalog_.forgetSetById(id);
  if (!set)
    throw Error(ErrorKind::Binder, "there is no forget set " + std::to_string(id) + " (SHOW FORGET SETS lists them)" + at(pos));
  if (set->dataset_id != model.dataset.entry.id)
    throw Error(ErrorKind::Binder, "forget set " + std::to_string(id) + " belongs to another dataset than model '" +
                                       model.model.name + "' (dataset '" + model.dataset.entry.name + "')" + at(pos));
  return *set;
}

}  // namespace lethe::planner
