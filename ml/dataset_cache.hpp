#pragma once
// The process-wide cache of root datasets (the files as read, before any subset).
#include <memory>
#include <string>

#include "ml/dataset.hpp"

namespace lethe::ml {

struct RootDataset {
  std::shared_ptr<const Dataset> data;
  // SHA-256 over the files' raw bytes in order (compressed bytes for .gz files), so it names
  // exactly what is on disk; a folder dataset's relative paths are hashed too, since they
  // carry the labels. CREATE DATASET records it; every later load is checked against it.
  std::string content_hash;
};

// The root dataset of `format` files at `path`, read (and hashed) once and reused while the
// files keep their size and modification time. Thread-safe. Throws Error(Io) for an unknown
// format or unreadable files.
RootDataset loadRootDataset(const std::string& format, const std::string& path);

}  // namespace lethe::ml
