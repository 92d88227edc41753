#include "planner/input_file.hpp"

#include <filesystem>

#include "common/error.hpp"

namespace lethe::planner {

std::string nonRegularFileKind(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status) || fs::is_regular_file(status)) return "";
  switch (status.type()) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::fifo: return "a pipe";
    case fs::file_type::socket: return "a socket";
    default: return "not a plain file";
  }
}

void requireReadableAsFile(const std::string& path, const std::string& what) {
  const std::string kind = nonRegularFileKind(path);
  if (kind.empty()) return;
  throw Error(ErrorKind::Io, "cannot read " + what + " '" + path + "': " +
                                 (kind == "a directory" ? "it is a directory" : "it is not a regular file (" + kind + ")"));
}

}  // namespace lethe::planner
