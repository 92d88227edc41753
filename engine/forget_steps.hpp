#pragma once
// The steps FORGET and COMPARE share: resolve the forget set, build the executor request
// (reusing a stored mask), compute Avg. Gap, and — inside the statement's one transaction —
// store the forget set, mask, run, new version and metrics of one unlearning run.
#include <map>
#include <optional>
#include <string>

#include "catalog/catalog.hpp"
#include "engine/session.hpp"
#include "executors/api.hpp"
#include "planner/bound.hpp"
#include "planner/plan.hpp"

namespace lethe::engine {

using Metrics = std::map<std::string, double>;

// The target's rows as a forget-set entry; `id` is set when an identical set is stored.
catalog::ForgetSetEntry resolveForgetSet(const catalog::Catalog& catalog, const planner::BoundModel& source,
                                         const planner::BoundForgetTarget& target);

// The executor request for one method on `forget_set`, with a stored mask when one fits.
exec::ForgetRequest makeForgetRequest(const catalog::Catalog& catalog, const planner::BoundModel& source,
                                      const catalog::ForgetSetEntry& forget_set, const planner::BoundMethod& method,
                                      const std::vector<std::string>& metrics);

// What a generator's metrics sample and judge with: the judge's stored weights and the sampling options.
exec::GenerationJudge generationJudge(const catalog::Catalog& catalog, const planner::BoundJudge& judge);
std::optional<exec::GenerationJudge> generationJudge(const catalog::Catalog& catalog,
                                                     const std::optional<planner::BoundJudge>& judge);

// RTE: the seconds a method cost, mask and calibration included (evaluation not).
double unlearningSeconds(const exec::ForgetOutcome& outcome);

// What a result row says of calibration: the chosen options and their cost, or why none ran.
std::string calibrationSummary(const planner::BoundMethod& method, const exec::ForgetOutcome& outcome);

// Avg. Gap: mean |metric - retrain's| over ua, ra, ta, mia; nullopt when one is missing.
std::optional<double> averageGap(const Metrics& ours, const Metrics& reference);
Metrics storedMetrics(const catalog::Catalog& catalog, int64_t run_id);

// A FORGET's metrics as stored and shown: the method's own, its RTE, and for classifiers its Avg.
// Gap against the stored retrain of the same source version and forget set (0 for the retrain
// itself; absent when no retrain is stored or the forget set is new). Generators have no gap.
Metrics forgetRunMetrics(const catalog::Catalog& catalog, const planner::BoundModel& source, const std::string& method,
                         const catalog::ForgetSetEntry& forget_set, const exec::ForgetOutcome& outcome);

// What one stored unlearning run became.
struct StoredForgetRun {
  int64_t run_id = 0;
  std::string model;  // "name@version" of the new version
};

// Inside an open transaction: inserts the forget set when new (setting forget_set.id), the
// computed mask, the run, the version (a new model when `into` is given) and the metrics.
StoredForgetRun storeForgetRun(Session& session, const planner::LogicalPlan& plan, const planner::BoundModel& source,
                               catalog::ForgetSetEntry& forget_set, const planner::BoundMethod& method,
                               const exec::ForgetOutcome& outcome, const Metrics& metrics,
                               const std::optional<std::string>& into);

}  // namespace lethe::engine
