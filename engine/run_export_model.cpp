// EXPORT MODEL: write a stored version as a TorchScript file. Reads the catalog, writes
// only the file (no run is recorded: the catalog stays as it was).
#include "engine/session.hpp"

namespace lethe::engine {

Result runExportModel(Session& session, const ast::ExportModelInfo& info) {
  auto bound = session.binder().bindExportModel(info);
  auto plan = planner::planExportModel(bound);
  if (session.explain == ExplainMode::Explain) return planResult(plan);

  const auto start = std::chrono::steady_clock::now();
  const exec::Bytes weights = session.catalog.loadVersionWeights(bound.model.version);
  plan.at(planner::OperatorKind::LoadModel).seconds = secondsSince(start);
  const auto write_start = std::chrono::steady_clock::now();
  const int64_t bytes = exec::exportModel(bound.model.model.arch, bound.model.dataset.source, weights, bound.path);
  const double seconds = secondsSince(start);
  plan.at(planner::OperatorKind::WriteFile).seconds = secondsSince(write_start);
  if (session.explain == ExplainMode::Analyze) return planResult(plan);

  Result result;
  result.setColumns({"model", "arch", "file", "bytes", "seconds"});
  result.addRow({bound.model.display(), bound.model.model.arch, bound.path, bytes, seconds});
  return result;
}

}  // namespace lethe::engine
