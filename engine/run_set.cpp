// SET device | threads | seed = value: connection settings, no catalog change.
#include "engine/session.hpp"

namespace lethe::engine {

Result runSet(Session& session, const ast::SetInfo& info) {
  const auto bound = session.binder().bindSet(info);
  if (session.explain != ExplainMode::None) return planResult(planner::planSingle(planner::OperatorKind::Setting, bound.name));
  if (bound.name == "device") {
    session.settings.device = std::get<std::string>(bound.value);
  } else if (bound.name == "threads") {
    session.settings.threads = static_cast<int>(std::get<int64_t>(bound.value));
    exec::setThreads(session.settings.threads);
  } else if (bound.name == "seed") {
    session.settings.seed = std::get<int64_t>(bound.value);
  }
  Result result;
  result.setColumns({"setting", "value"});
  result.addRow({bound.name, formatOptionValue(bound.value)});
  return result;
}

}  // namespace lethe::engine
