// Runs (what a statement did) and their metrics. Both are history: nothing deletes them.
#include <limits>

#include "catalog/catalog.hpp"
#include "catalog/statement.hpp"
#include "common/error.hpp"

namespace lethe::catalog {

namespace {

const char* const kSelectRun =
    "SELECT id, kind, statement, plan, model_id, source_version_id, result_version_id, forget_set_id, method, "
    "options_json, status, seconds, started_at, calibration_json, error, owner FROM runs ";

RunEntry readRun(const Statement& row) {
  RunEntry entry;
  entry.id = row.int64(0);
  entry.kind = row.text(1);
  entry.statement = row.text(2);
  entry.plan = row.text(3);
  entry.model_id = row.optionalInt64(4);
  entry.source_version_id = row.optionalInt64(5);
  entry.result_version_id = row.optionalInt64(6);
  entry.forget_set_id = row.optionalInt64(7);
  entry.method = row.text(8);
  entry.options_json = row.text(9);
  entry.status = row.text(10);
  entry.seconds = row.real(11);
  entry.started_at = row.text(12);
  entry.calibration_json = row.text(13);
  entry.error = row.text(14);
  entry.owner = row.text(15);
  return entry;
}

std::string runLabel(int64_t run_id) { return "run " + std::to_string(run_id); }

}  // namespace

// started_at is the caller's when given (a run is recorded after it finished, but it
// started earlier); otherwise the catalog stamps the current time.
int64_t Catalog::insertRun(const RunEntry& entry) {
  if (entry.id != 0) {
    // The started run becomes the finished one; only a row still 'running' may be completed
    // (one that the reaper marked failed belongs to a process it thought dead).
    Statement update(db_,
                     "UPDATE runs SET kind = ?2, statement = ?3, plan = ?4, model_id = ?5, source_version_id = ?6, "
                     "result_version_id = ?7, forget_set_id = ?8, method = ?9, options_json = ?10, status = ?11, "
                     "seconds = ?12, calibration_json = ?13, error = ?14 WHERE id = ?1 AND status = 'running'");
    update.bind(1, entry.id).bind(2, entry.kind).bind(3, entry.statement).bind(4, entry.plan).bind(5, entry.model_id);
    update.bind(6, entry.source_version_id).bind(7, entry.result_version_id).bind(8, entry.forget_set_id);
    update.bind(9, entry.method).bind(10, entry.options_json).bind(11, entry.status).bind(12, entry.seconds);
    update.bind(13, entry.calibration_json).bind(14, entry.error).run();
    if (changes(db_) == 0) throw Error(ErrorKind::Catalog, runLabel(entry.id) + " is not a running run of this statement");
    return entry.id;
  }
  Statement insert(db_,
                   "INSERT INTO runs (kind, statement, plan, model_id, source_version_id, result_version_id, "
                   "forget_set_id, method, options_json, status, seconds, started_at, calibration_json) VALUES (?1, ?2, ?3, "
                   "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, COALESCE(NULLIF(?12, ''), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?13)");
  insert.bind(1, entry.kind).bind(2, entry.statement).bind(3, entry.plan).bind(4, entry.model_id);
  insert.bind(5, entry.source_version_id).bind(6, entry.result_version_id).bind(7, entry.forget_set_id);
  insert.bind(8, entry.method).bind(9, entry.options_json).bind(10, entry.status).bind(11, entry.seconds);
  insert.bind(12, entry.started_at).bind(13, entry.calibration_json).run();
  return lastInsertId(db_);
}

void Catalog::setRunResultVersion(int64_t run_id, int64_t version_id) {
  Statement update(db_, "UPDATE runs SET result_version_id = ?2 WHERE id = ?1");
  update.bind(1, run_id).bind(2, version_id).run();
  if (changes(db_) == 0) throw Error(ErrorKind::Catalog, runLabel(run_id) + " does not exist");
}

std::optional<RunEntry> Catalog::runById(int64_t id) const {
  Statement query(db_, std::string(kSelectRun) + "WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return readRun(query);
}

std::vector<RunEntry> Catalog::listRuns() const {
  Statement query(db_, std::string(kSelectRun) + "ORDER BY id");
  std::vector<RunEntry> entries;
  while (query.step()) entries.push_back(readRun(query));
  return entries;
}

void Catalog::insertMetric(int64_t run_id, const std::string& name, double value) {
  if (!runById(run_id)) throw Error(ErrorKind::Catalog, runLabel(run_id) + " does not exist");
  Statement existing(db_, "SELECT 1 FROM metrics WHERE run_id = ?1 AND name = ?2");
  existing.bind(1, run_id).bind(2, name);
  if (existing.step()) throw Error(ErrorKind::Catalog, runLabel(run_id) + " already has metric '" + name + "'");
  Statement insert(db_, "INSERT INTO metrics (run_id, name, value) VALUES (?1, ?2, ?3)");
  insert.bind(1, run_id).bind(2, name).bind(3, value).run();
}

std::vector<MetricEntry> Catalog::metricsForRun(int64_t run_id) const {
  Statement query(db_, "SELECT run_id, name, value FROM metrics WHERE run_id = ?1 ORDER BY id");
  query.bind(1, run_id);
  std::vector<MetricEntry> entries;
  while (query.step()) {
    // SQLite stores NaN as NULL; give it back as NaN.
    double value = query.isNull(2) ? std::numeric_limits<double>::quiet_NaN() : query.real(2);
    entries.push_back(MetricEntry{query.int64(0), query.text(1), value});
  }
  return entries;
}

Catalog::StoredVersion Catalog::insertVersionWithRun(const RunEntry& run, VersionEntry version, const Bytes& weights,
                                                    const std::map<std::string, double>& metrics) {
  StoredVersion stored;
  stored.run_id = insertRun(run);
  version.run_id = stored.run_id;
  stored.version_id = insertVersion(version, weights);
  setRunResultVersion(stored.run_id, stored.version_id);
  for (const auto& [name, value] : metrics) insertMetric(stored.run_id, name, value);
  return stored;
}

std::optional<RunEntry> Catalog::findRetrainRun(int64_t source_version_id, int64_t forget_set_id) const {
  Statement query(db_,
                  std::string(kSelectRun) +
                      "WHERE kind = 'forget' AND method = 'retrain' AND status = 'ok' "
                      "AND source_version_id = ?1 AND forget_set_id = ?2 ORDER BY id DESC LIMIT 1");
  query.bind(1, source_version_id).bind(2, forget_set_id);
  if (!query.step()) return std::nullopt;
  return readRun(query);
}

}  // namespace lethe::catalog
