#pragma once
// Bound statements: every name resolved against the catalog, every option validated and
// defaulted. What the binder hands to the planner and to engine/run_<stem>.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/entries.hpp"
#include "common/options.hpp"
#include "executors/api.hpp"

namespace lethe::planner {

struct BoundDataset {
  catalog::DatasetEntry entry;
  exec::DatasetSource source;  // flattened down to the root files
};

struct BoundModel {
  catalog::ModelEntry model;
  catalog::VersionEntry version;
  BoundDataset dataset;
  OptionValues recipe;  // the training options the model was created with
  std::string display() const { return model.name + "@" + std::to_string(version.version); }
};

struct BoundCreateDataset {
  catalog::DatasetEntry entry;   // everything but id/created_at; files already probed
  bool skip = false;             // IF NOT EXISTS and it exists
};

struct BoundCreateModel {
  std::string name;
  std::string arch;
  BoundDataset dataset;
  OptionValues recipe;
  bool skip = false;
};

// The forget target, resolved as far as the catalog allows: class-wise targets still need
// the labels to list their rows (engine asks the executors), the others are explicit.
struct BoundForgetTarget {
  std::string kind;              // "class", "random", "samples"
  std::string description;       // CLASS 'Sneaker' / RANDOM 10 PERCENT SEED 1 / SAMPLES (3 ids)
  std::vector<int64_t> classes;  // class-wise
  std::vector<int64_t> ids;      // random / samples: sorted, unique training indices
};

struct BoundForget {
  BoundModel source;
  BoundForgetTarget target;
  std::string method;
  OptionValues options;
  std::optional<double> threshold;
  std::vector<std::string> metrics;  // lower-case, validated, in the order written
  std::optional<std::string> into;   // a new model instead of a new version
};

struct BoundEvaluate {
  BoundModel model;
  std::optional<catalog::ForgetSetEntry> forget_set;  // with member ids
  std::vector<std::string> metrics;
};

// SET name = value, validated.
struct BoundSet {
  std::string name;  // "device", "threads", "seed"
  OptionValue value;
};

}  // namespace lethe::planner
