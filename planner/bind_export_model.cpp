// EXPORT MODEL m[@v] TO 'model.pt', and the checks of every file an EXPORT writes.
#include <filesystem>

#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/input_file.hpp"

namespace lethe::planner {

BoundExportModel Binder::bindExportModel(const ast::ExportModelInfo& info) const {
  BoundExportModel bound;
  bound.model = bindModel(info.model);
  // A TorchScript export is a classifier's forward(images) -> logits; a generator's sampling loop
  // (guidance, DDIM) is not one module call.
  if (bound.model.kind() == ModelKind::Generator)
    throw Error(ErrorKind::Binder, "EXPORT MODEL writes classifiers as TorchScript; '" + bound.model.display() +
                                       "' is a generator (" + bound.model.model.arch + "): SAMPLE draws images from it" +
                                       at(info.model.name.pos));
  bound.path = bindOutputFile(info.path);
  return bound;
}

std::string bindOutputFile(const ast::Value& value) {
  const std::string& path = value.text;
  if (path.empty()) throw Error(ErrorKind::Binder, "the export file name is empty" + at(value.pos));
  namespace fs = std::filesystem;
  // The file is written beside the target and renamed over it, which would replace whatever
  // is there: only a regular file (or a link to one) may be overwritten, never a device,
  // pipe, socket or directory.
  const std::string kind = nonRegularFileKind(path);
  if (!kind.empty())
    throw Error(ErrorKind::Io, "cannot write '" + path + "': it exists and is " + kind + ", not a regular file" +
                                   at(value.pos));
  std::error_code error;
  const fs::path directory = fs::path(path).parent_path();
  if (!directory.empty() && !fs::is_directory(directory, error))
    throw Error(ErrorKind::Io, "cannot write '" + path + "': directory '" + directory.string() + "' does not exist" +
                                   at(value.pos));
  return path;
}

}  // namespace lethe::planner
