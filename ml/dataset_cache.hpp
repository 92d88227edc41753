#pragma once
// The process-wide cache of root datasets (the files as read, before any subset).
#include <memory>
#include <string>

#include "ml/dataset.hpp"

namespace lethe::ml {

// The root dataset of `format` files at `path`, read once and reused while the files keep
// their size and modification time. Thread-safe. Throws Error(Io) for an unknown format or
// unreadable files.
std::shared_ptr<const Dataset> loadRootDataset(const std::string& format, const std::string& path);

}  // namespace lethe::ml
