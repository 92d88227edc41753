// CREATE DATASET: builtin name, file format or subset recipe. The files themselves are
// probed by the engine (executors), after binding.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/error.hpp"
#include "common/sampling.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/input_file.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

std::vector<std::string> builtinNames() {
  std::vector<std::string> names;
  for (const auto& b : registry::builtinDatasets()) names.push_back(b.name);
  return names;
}

// One name per line (a trailing "\r" and blank lines at the end dropped); names are what
// FORGET CLASS 'name' matches, so an empty or repeated one is refused.
std::vector<std::string> readClassNames(const std::string& path) {
  requireReadableAsFile(path, "class names file");
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::Io, "cannot read class names file '" + path + "'");
  constexpr std::streamsize kMaxName = 200;
  std::vector<std::string> names;
  // Read into a bounded buffer, so one endless line is refused at its limit, not held whole.
  for (char line[kMaxName + 2]; in.getline(line, sizeof line) || in.gcount() > 0;) {
    if (in.fail() && !in.eof())
      throw Error(ErrorKind::Io, "class names file '" + path + "' line " + std::to_string(names.size() + 1) +
                                     " is longer than " + std::to_string(kMaxName) + " characters");
    std::string name(line);
    const std::streamsize length = in.eof() ? in.gcount() : in.gcount() - 1;  // without the newline
    if (static_cast<std::streamsize>(name.size()) != length ||
        std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\r'; }))
      throw Error(ErrorKind::Io, "class names file '" + path + "' line " + std::to_string(names.size() + 1) +
                                     " holds a control character");
    if (!name.empty() && name.back() == '\r') name.pop_back();
    names.push_back(name);
    if (names.size() > 100000) throw Error(ErrorKind::Io, "class names file '" + path + "' names over 100,000 classes");
  }
  while (!names.empty() && names.back().empty()) names.pop_back();
  if (names.empty()) throw Error(ErrorKind::Io, "class names file '" + path + "' names no classes");
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) throw Error(ErrorKind::Io, "class names file '" + path + "' line " + std::to_string(i + 1) + " is empty");
    if (!seen.insert(names[i]).second)
      throw Error(ErrorKind::Io, "class names file '" + path + "' names '" + names[i] + "' twice (line " + std::to_string(i + 1) + ")");
  }
  return names;
}

}  // namespace

BoundCreateDataset Binder::bindCreateDataset(const ast::CreateDatasetInfo& info) const {
  BoundCreateDataset bound;
  const bool exists = catalog_.findDataset(info.name.text).has_value();
  if (exists && !info.if_not_exists)
    throw Error(ErrorKind::Binder, "dataset '" + info.name.text + "' already exists" + at(info.name.pos));
  // IF NOT EXISTS skips the work, not the checks: the statement is validated either way.
  bound.skip = exists;
  auto& entry = bound.entry;
  entry.name = info.name.text;

  switch (info.source) {
    case ast::CreateDatasetInfo::Source::Builtin: {
      const auto* builtin = registry::findBuiltinDataset(lower(info.location.text));
      if (!builtin)
        throw Error(ErrorKind::Binder, unknownNameMessage("builtin dataset", info.location.text, builtinNames()) + at(info.location.pos));
      entry.kind = "builtin";
      entry.format = "idx";
      entry.path = builtin->path;
      entry.class_names = builtin->class_names;
      if (!info.options.empty()) throw Error(ErrorKind::Binder, "CREATE DATASET ... FROM BUILTIN takes no options");
      return bound;
    }
    case ast::CreateDatasetInfo::Source::Path: {
      const std::string format = lower(info.format.text);
      if (!registry::findFormat(format))
        throw Error(ErrorKind::Binder, unknownNameMessage("dataset format", info.format.text, registry::formatNames()) + at(info.format.pos));
      // A name too long or a folder without permission is not "does not exist" (and the
      // overload without an error code would throw std::filesystem_error).
      std::error_code error;
      const auto type = std::filesystem::status(info.location.text, error).type();
      if (type != std::filesystem::file_type::directory) {
        const bool unreadable = error && type != std::filesystem::file_type::not_found;
        throw Error(ErrorKind::Io, "dataset directory '" + info.location.text + "' " +
                                       (unreadable ? "cannot be read: " + error.message() : "does not exist") +
                                       at(info.location.pos));
      }
      entry.kind = "file";
      entry.format = format;
      entry.path = std::filesystem::absolute(info.location.text).lexically_normal().string();
      const OptionValues options = bindOptions(info.options, registry::fileDatasetOptions(), "CREATE DATASET");
      bound.class_names_file = options.string("class_names");
      if (!bound.class_names_file.empty()) entry.class_names = readClassNames(bound.class_names_file);
      return bound;  // else class names come from the probe: the files' own, else "0", "1", ...
    }
    case ast::CreateDatasetInfo::Source::Subset: {
      const BoundDataset parent = bindDataset(info.parent);
      // The corruption's rows index the corrupted dataset's rows; a subset would renumber them.
      if (parent.entry.kind == "corrupted")
        throw Error(ErrorKind::Binder, "cannot take a subset of corrupted dataset '" + parent.entry.name +
                                           "': take the subset of its source first, then CORRUPT DATASET the subset" +
                                           at(info.parent.pos));
      const OptionValues options = bindOptions(info.options, registry::subsetOptions(), "SUBSET");
      const int64_t train = options.integer("train"), test = options.integer("test");
      if (train > parent.entry.num_train)
        throw Error(ErrorKind::Binder, "subset asks for " + std::to_string(train) + " training rows but dataset '" +
                                           parent.entry.name + "' has " + std::to_string(parent.entry.num_train));
      if (test > parent.entry.num_test)
        throw Error(ErrorKind::Binder, "subset asks for " + std::to_string(test) + " test rows but dataset '" +
                                           parent.entry.name + "' has " + std::to_string(parent.entry.num_test));
      const uint64_t seed = static_cast<uint64_t>(options.integer("seed"));
      entry.kind = "subset";
      entry.parent_id = parent.entry.id;
      entry.recipe_json = options.toJson();
      entry.train_ids = sampleWithoutReplacement(parent.entry.num_train, train, seed);
      // A different stream for the test draw, so train and test picks are independent.
      entry.test_ids = sampleWithoutReplacement(parent.entry.num_test, test, seed ^ 0x9E3779B97F4A7C15ULL);
      entry.num_train = train;
      entry.num_test = test;
      entry.class_names = parent.entry.class_names;
      entry.channels = parent.entry.channels;
      entry.height = parent.entry.height;
      entry.width = parent.entry.width;
      entry.content_hash = parent.entry.content_hash;
      return bound;
    }
  }
  return bound;
}

}  // namespace lethe::planner
