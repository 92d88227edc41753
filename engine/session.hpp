#pragma once
// What every statement runner gets: the catalog, the connection's settings and the
// execution context handed to the operators. Internal to engine/.
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <map>
#include <string>

#include "catalog/catalog.hpp"
#include "executors/api.hpp"
#include "grammar/ast.hpp"
#include "lethe/lethe.hpp"
#include "planner/binder.hpp"
#include "planner/plan.hpp"

namespace lethe::engine {

// SET device / threads / seed.
struct Settings {
  std::string device = "auto";
  int threads = 0;  // 0 = hardware concurrency
  std::optional<int64_t> seed;
};

enum class ExplainMode { None, Explain, Analyze };

struct Session {
  catalog::Catalog& catalog;
  Settings& settings;
  exec::ExecutionContext context;
  const ast::Statement& statement;  // the statement being run (for run records)
  std::string started_at;           // ISO-8601 UTC, when the statement began (run records)
  ExplainMode explain = ExplainMode::None;

  planner::Binder binder() const;
};

// Runners: one per statement stem (engine/run_<stem>.cpp).
Result runCreateDataset(Session& session, const ast::CreateDatasetInfo& info);
Result runCreateModel(Session& session, const ast::CreateModelInfo& info);
Result runForget(Session& session, const ast::ForgetInfo& info);
Result runCompare(Session& session, const ast::CompareInfo& info);
Result runEvaluate(Session& session, const ast::EvaluateModelInfo& info);
Result runShow(Session& session, const ast::ShowInfo& info);
Result runDescribe(Session& session, const ast::DescribeInfo& info);
Result runDrop(Session& session, const ast::DropInfo& info);
Result runSet(Session& session, const ast::SetInfo& info);
Result runCorruptDataset(Session& session, const ast::CorruptDatasetInfo& info);
Result runImportModel(Session& session, const ast::ImportModelInfo& info);
Result runExportModel(Session& session, const ast::ExportModelInfo& info);

// Dispatch on the statement kind (engine/dispatch.cpp), EXPLAIN included.
Result runStatement(Session& session, const ast::Statement& statement);

// Shared result shapes (engine/results.cpp).
Result planResult(const planner::LogicalPlan& plan);
// Appends one column per requested metric with its value (NULL when absent); "class_acc"
// becomes one column acc[<class>] per class of the dataset.
void appendMetricColumns(const std::vector<std::string>& requested, const std::map<std::string, double>& values,
                         const std::vector<std::string>& class_names, std::vector<std::string>& columns,
                         std::vector<Value>& row);
Result statusResult(const std::string& message);
std::string renderPlan(const planner::LogicalPlan& plan);
// A run record of this statement: kind, statement text, start time and the rendered plan.
catalog::RunEntry runRecord(const Session& session, const std::string& kind, const planner::LogicalPlan& plan);
// Now as ISO-8601 UTC with milliseconds, the catalog's timestamp format.
std::string utcNow();
// Seconds since `start` (steady clock).
double secondsSince(const std::chrono::steady_clock::time_point& start);

}  // namespace lethe::engine
