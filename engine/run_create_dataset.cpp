// CREATE DATASET: probe the files (or draw the subset), then one transaction.
#include "common/error.hpp"
#include "engine/session.hpp"

namespace lethe::engine {

namespace {

Result describeCreated(const catalog::DatasetEntry& e) {
  Result result;
  result.setColumns({"dataset", "kind", "train", "test", "classes", "shape"});
  result.addRow({e.name, e.kind, e.num_train, e.num_test, static_cast<int64_t>(e.class_names.size()),
                 std::to_string(e.channels) + "x" + std::to_string(e.height) + "x" + std::to_string(e.width)});
  return result;
}

}  // namespace

Result runCreateDataset(Session& session, const ast::CreateDatasetInfo& info) {
  auto bound = session.binder().bindCreateDataset(info);
  if (bound.skip) return statusResult("dataset " + info.name.text + " already exists, skipped");
  auto plan = planner::planCreateDataset(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);

  auto& entry = bound.entry;
  if (entry.kind != "subset") {
    const auto start = std::chrono::steady_clock::now();
    const exec::DatasetProbe probe = exec::probeDataset(entry.format, entry.path);
    plan.nodes.front().seconds = secondsSince(start);
    entry.num_train = probe.num_train;
    entry.num_test = probe.num_test;
    entry.channels = probe.channels;
    entry.height = probe.height;
    entry.width = probe.width;
    entry.content_hash = probe.content_hash;
    // Names from the files (CIFAR meta, folder names) unless the binder had some (builtins).
    if (!bound.class_names_file.empty() && static_cast<int64_t>(entry.class_names.size()) != probe.num_classes)
      throw Error(ErrorKind::Io, "class names file '" + bound.class_names_file + "' names " +
                                     std::to_string(entry.class_names.size()) + " classes, but the labels in '" + entry.path +
                                     "' are 0.." + std::to_string(probe.num_classes - 1) + " (" +
                                     std::to_string(probe.num_classes) + " classes)");
    if (entry.class_names.empty()) entry.class_names = probe.class_names;
    if (entry.class_names.empty()) {
      for (int64_t c = 0; c < probe.num_classes; ++c) entry.class_names.push_back(std::to_string(c));
    } else if (static_cast<int64_t>(entry.class_names.size()) < probe.num_classes) {
      throw Error(ErrorKind::Io, "dataset files in '" + entry.path + "' have " + std::to_string(probe.num_classes) +
                                     " classes, expected " + std::to_string(entry.class_names.size()));
    }
  }

  const auto start = std::chrono::steady_clock::now();
  catalog::Catalog::Transaction transaction(session.catalog);
  entry.id = session.catalog.insertDataset(entry);
  transaction.commit();
  plan.at(planner::OperatorKind::CatalogWrite).seconds = secondsSince(start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);
  return describeCreated(entry);
}

}  // namespace lethe::engine
