// SET device | threads | seed | busy_timeout = value: connection settings, no catalog change.
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
  } else if (bound.name == "busy_timeout") {
    session.settings.busy_timeout_ms = static_cast<int>(std::get<int64_t>(bound.value));
    session.catalog.setBusyTimeout(*session.settings.busy_timeout_ms);
  }
  std::string shown = formatOptionValue(bound.value);
  if (bound.name == "certificate_key") {
    session.settings.certificate_key = std::get<std::string>(bound.value);
    shown = "(set for this connection; never stored)";  // a key echoed is a key leaked
  } else if (bound.name.rfind("verdict_", 0) == 0) {
    session.settings.verdict_thresholds[bound.name.substr(8)] = std::get<double>(bound.value);
  }
  Result result;
  result.setColumns({"setting", "value"});
  result.addRow({bound.name, shown});
  return result;
}

}  // namespace lethe::engine
