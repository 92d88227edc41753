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
#include "common/error.hpp"
#include "executors/api.hpp"
#include "grammar/ast.hpp"
#include "lethe/lethe.hpp"
#include "planner/binder.hpp"
#include "planner/plan.hpp"

namespace lethe::engine {

// SET device / threads / seed / busy_timeout.
struct Settings {
  std::string device = "auto";
  int threads = 0;  // 0 = hardware concurrency
  std::optional<int64_t> seed;
  std::optional<int> busy_timeout_ms;  // unset: the catalog's default
  // Governance: the key certificates are signed with (SET certificate_key; else the
  // environment's LETHE_CERTIFICATE_KEY; never stored), and the verdict's thresholds
  // (SET verdict_ua_min = 0.9: "verdict_<metric>_min|max" -> value).
  std::string certificate_key;
  std::map<std::string, double> verdict_thresholds;
};

enum class ExplainMode { None, Explain, Analyze };

// The run log (docs/concurrency.md): a statement that computes records its run as started
// before it computes (startRun); its commit completes that row (runRecord hands the id to the
// first run the statement stores), and the connection settles the rest when the statement
// ends (settleStartedRun): failed or cancelled with the error, or removed when the statement
// stored no run after all.
struct StartedRun {
  int64_t id = 0;        // 0: none recorded
  bool claimed = false;  // a stored run took over the row
};

struct Session {
  catalog::Catalog& catalog;
  Settings& settings;
  exec::ExecutionContext context;
  const ast::Statement& statement;  // the statement being run (for run records)
  std::string started_at;           // ISO-8601 UTC, when the statement began (run records)
  ExplainMode explain = ExplainMode::None;
  StartedRun* started_run = nullptr;  // where startRun records; null: no run log (unit tests)

  planner::Binder binder() const;
};

// Records this statement's run as started (kind "train", "forget", ...) in a short transaction
// of its own; nothing for plain EXPLAIN. Runners call it once bound and planned, just before
// they compute, so a statement that fails to bind leaves no trace.
void startRun(Session& session, const std::string& kind);
// After the statement, from its result: a failure ends the run failed (cancelled when it was
// interrupted) with the error text. Never throws (the statement's own result is what the caller
// reports); a log write that fails leaves the row 'running', and the next process to open the
// catalog after this one ends marks it failed.
void settleStartedRun(catalog::Catalog& catalog, const StartedRun& run, const Result& outcome, double seconds) noexcept;
// The last point where an interrupt stops a statement that computed: runners call it just
// before they store their result, so an interrupt during the final evaluation still cancels.
void stopIfCancelled(const Session& session);

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
Result runCreateRequest(Session& session, const ast::CreateRequestInfo& info);
Result runForgetRequest(Session& session, const ast::ForgetInfo& info);  // FORGET FOR REQUEST
Result runActivate(Session& session, const ast::ActivateInfo& info);
Result runExportCertificate(Session& session, const ast::ExportCertificateInfo& info);
Result runVerify(Session& session, const ast::VerifyInfo& info);
Result runSample(Session& session, const ast::SampleInfo& info);

// Dispatch on the statement kind (engine/dispatch.cpp), EXPLAIN included; statements that
// change the catalog go through runAudited.
Result runStatement(Session& session, const ast::Statement& statement);
// Runs `run` and appends the statement's audit log entry: ok, or its error (engine/audit.cpp).
Result runAudited(Session& session, const ast::Statement& statement, const std::function<Result()>& run);

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
