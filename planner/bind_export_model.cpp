// EXPORT MODEL m[@v] TO 'model.pt'.
#include <filesystem>

#include "common/error.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

namespace {

std::string fileKind(const std::filesystem::file_status& status) {
  switch (status.type()) {
    case std::filesystem::file_type::directory: return "a directory";
    case std::filesystem::file_type::character: return "a character device";
    case std::filesystem::file_type::block: return "a block device";
    case std::filesystem::file_type::fifo: return "a pipe";
    case std::filesystem::file_type::socket: return "a socket";
    default: return "not a plain file";
  }
}

}  // namespace

BoundExportModel Binder::bindExportModel(const ast::ExportModelInfo& info) const {
  BoundExportModel bound;
  bound.model = bindModel(info.model);
  const std::string& path = info.path.text;
  if (path.empty()) throw Error(ErrorKind::Binder, "the export file name is empty" + at(info.path.pos));
  namespace fs = std::filesystem;
  // The file is written beside the target and renamed over it, which would replace whatever
  // is there: only a regular file (or a link to one) may be overwritten, never a device,
  // pipe, socket or directory.
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw Error(ErrorKind::Io, "cannot write '" + path + "': it exists and is " + fileKind(status) +
                                   ", not a regular file" + at(info.path.pos));
  const fs::path directory = fs::path(path).parent_path();
  if (!directory.empty() && !fs::is_directory(directory, error))
    throw Error(ErrorKind::Io, "cannot write '" + path + "': directory '" + directory.string() + "' does not exist" +
                                   at(info.path.pos));
  bound.path = path;
  return bound;
}

}  // namespace lethe::planner
