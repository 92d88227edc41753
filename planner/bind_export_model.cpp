// EXPORT MODEL m[@v] TO 'model.pt'.
#include <filesystem>

#include "common/error.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

BoundExportModel Binder::bindExportModel(const ast::ExportModelInfo& info) const {
  BoundExportModel bound;
  bound.model = bindModel(info.model);
  const std::string& path = info.path.text;
  if (path.empty()) throw Error(ErrorKind::Binder, "the export file name is empty" + at(info.path.pos));
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_directory(path, error))
    throw Error(ErrorKind::Io, "cannot write '" + path + "': it is a directory" + at(info.path.pos));
  const fs::path directory = fs::path(path).parent_path();
  if (!directory.empty() && !fs::is_directory(directory, error))
    throw Error(ErrorKind::Io, "cannot write '" + path + "': directory '" + directory.string() + "' does not exist" +
                                   at(info.path.pos));
  bound.path = path;
  return bound;
}

}  // namespace lethe::planner
