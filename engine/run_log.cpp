// The run log's two ends in the engine: a run recorded when its statement starts computing,
// and settled when the statement ends (see StartedRun in session.hpp).
#include "engine/session.hpp"

namespace lethe::engine {

void startRun(Session& session, const std::string& kind) {
  if (!session.started_run || session.started_run->id || session.explain == ExplainMode::Explain) return;
  session.started_run->id = session.catalog.beginRun(kind, session.statement.text, session.started_at);
}

void settleStartedRun(catalog::Catalog& catalog, const StartedRun& run, const Result& outcome, double seconds) noexcept {
  if (!run.id) return;
  try {
    if (!outcome.ok()) {
      // A claimed row whose commit rolled back is 'running' again and is ended here too; one
      // whose commit went through is 'ok' and endRun leaves it alone.
      const bool cancelled = outcome.errorCode() == ErrorCode::Interrupted;
      catalog.endRun(run.id, cancelled ? catalog::kRunCancelled : catalog::kRunFailed, outcome.error(), seconds);
    } else if (!run.claimed) {
      catalog.discardStartedRun(run.id);
    }
  } catch (...) {
    // The log could not be written (e.g. the catalog stayed busy): the reaper settles the row.
  }
}

void stopIfCancelled(const Session& session) {
  if (session.context.cancel && session.context.cancel->load())
    throw Error(ErrorKind::Interrupted, "statement cancelled");
}

}  // namespace lethe::engine
