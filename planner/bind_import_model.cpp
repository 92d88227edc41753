// IMPORT MODEL name FROM 'model.pt' ON dataset [WITH (training recipe)].
// The file's contents are checked when it is read (executors/api_model_io.cpp); here only
// what the catalog and the file system can tell without reading it.
#include <filesystem>

#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

BoundImportModel Binder::bindImportModel(const ast::ImportModelInfo& info) const {
  if (catalog_.findModel(info.name.text))
    throw Error(ErrorKind::Binder, "model '" + info.name.text + "' already exists" + at(info.name.pos));
  BoundImportModel bound;
  bound.name = info.name.text;
  bound.dataset = bindDataset(info.dataset);
  const std::string& path = info.path.text;
  std::error_code error;
  if (path.empty()) throw Error(ErrorKind::Binder, "the model file name is empty" + at(info.path.pos));
  if (!std::filesystem::exists(path, error))
    throw Error(ErrorKind::Io, "model file '" + path + "' does not exist" + at(info.path.pos));
  if (std::filesystem::is_directory(path, error))
    throw Error(ErrorKind::Io, "model file '" + path + "' is a directory" + at(info.path.pos));
  bound.path = path;
  // An imported model has no training recipe of its own; retrain uses these (defaults
  // unless given), exactly as for CREATE MODEL.
  bound.recipe = bindOptions(info.options, registry::trainingOptions(), "IMPORT MODEL");
  return bound;
}

}  // namespace lethe::planner
