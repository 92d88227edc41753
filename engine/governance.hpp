#pragma once
// What the governance statements share inside engine/: the views of SHOW REQUESTS / AUDIT /
// MODELS CONTAINING and DESCRIBE REQUEST (governance_views.cpp), and the rows a lineage
// target names (a CLASS target's rows come from the labels, which only the executors read).
#include <optional>
#include <string>
#include <vector>

#include "engine/session.hpp"
#include "planner/lineage.hpp"

namespace lethe::engine {

// The operating-system user running this process (audit entries, certificates).
std::string osUser();

// The training rows of `rows.dataset` that the bound target names, sorted.
std::vector<int64_t> resolveRows(const planner::BoundRows& rows);

// Whole days from today (UTC) to `due` (YYYY-MM-DD); negative once it has passed.
std::optional<int64_t> daysLeft(const std::string& due);

Result showRequests(Session& session);
Result showAudit(const catalog::Catalog& catalog);
Result showModelsContaining(Session& session, const ast::ShowInfo& info);
Result describeRequest(Session& session, const ast::Value& name);

}  // namespace lethe::engine
