#pragma once
// Files a statement names for Lethe to read or write beside the catalog (sample id files,
// class names files, EXPORT targets): only regular files.
#include <string>

namespace lethe::planner {

// What `path` is when it exists and is not a regular file (or a link to one): "a directory",
// "a character device", "a block device", "a pipe", "a socket" or "not a plain file";
// "" for a regular file or a path that does not exist.
std::string nonRegularFileKind(const std::string& path);

// Throws Error(Io) "cannot read <what> '<path>': it is a directory", or "... it is not a
// regular file (a character device)" and the like: reading a device or a pipe (/dev/zero,
// /dev/stdin) would never end or would block. A missing file passes (its reader names it).
void requireReadableAsFile(const std::string& path, const std::string& what);

}  // namespace lethe::planner
