// SHOW REQUESTS | AUDIT | MODELS CONTAINING ... and DESCRIBE REQUEST: read-only views.
#include <ctime>

#include "common/strings.hpp"
#include "engine/governance.hpp"

namespace lethe::engine {

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm): no time zone involved.
int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string abbreviated(const std::vector<int64_t>& ids, size_t shown = 8) {
  std::string out;
  for (size_t i = 0; i < ids.size() && i < shown; ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
  if (ids.size() > shown) out += ", ... (" + std::to_string(ids.size()) + " in all)";
  return out;
}

// Models that still hold a request's rows in their active version: what FORGET FOR REQUEST would run on.
int64_t modelsToDo(const catalog::Catalog& catalog, const planner::Lineage& lineage, const catalog::RequestEntry& request) {
  if (request.status == catalog::kRequestCompleted) return 0;
  auto dataset = catalog.datasetById(request.dataset_id);
  if (!dataset) return 0;
  return static_cast<int64_t>(lineage.find(*dataset, request.ids, true).size());
}

}  // namespace

std::vector<int64_t> resolveRows(const planner::BoundRows& rows) {
  if (rows.classes.empty()) return rows.ids;
  return exec::trainIndicesOfClasses(rows.dataset.source, rows.classes);
}

std::optional<int64_t> daysLeft(const std::string& due) {
  if (due.size() != 10) return std::nullopt;
  const int64_t due_day = daysFromCivil(std::stoll(due.substr(0, 4)), std::stoll(due.substr(5, 2)), std::stoll(due.substr(8, 2)));
  return due_day - static_cast<int64_t>(std::time(nullptr) / 86400);
}

Result showRequests(Session& session) {
  const auto& catalog = session.catalog;
  Result r;
  r.setColumns({"request", "subject", "regulation", "dataset", "rows", "status", "due", "days_left", "models_done",
                "models_to_do", "created"});
  const planner::Lineage lineage(catalog);  // read once for every request's question
  for (const auto& request : catalog.listRequests()) {
    int64_t done = 0;
    for (const auto& model : catalog.requestModels(request.id)) done += model.status == "completed";
    const auto days = daysLeft(request.due);
    r.addRow({request.name, request.subject, request.regulation, request.dataset_name, request.size, request.status,
              request.due.empty() ? Value() : Value(request.due), days ? Value(*days) : Value(), done,
              modelsToDo(catalog, lineage, request), request.created_at});
  }
  return r;
}

Result showAudit(const catalog::Catalog& catalog) {
  Result r;
  r.setColumns({"entry", "at", "user", "kind", "result", "rows_changed", "statement", "error", "hash"});
  for (const auto& e : catalog.listAudit())
    r.addRow({e.id, e.at, e.user, e.kind, e.result, e.rows_changed, e.statement,
              e.message.empty() ? Value() : Value(e.message), e.hash.substr(0, 16)});
  return r;
}

Result showModelsContaining(Session& session, const ast::ShowInfo& info) {
  const auto bound = session.binder().bindRows(info.containing);
  const auto rows = resolveRows(bound);
  Result r;
  r.setColumns({"model", "version", "rows", "how", "active"});
  for (const auto& hit : planner::findLineage(session.catalog, bound.dataset.entry, rows, false))
    r.addRow({hit.model.name, hit.version.version, static_cast<int64_t>(hit.rows.size()), hit.how, hit.active ? "yes" : "no"});
  return r;
}

Result describeRequest(Session& session, const ast::Value& name) {
  const auto& catalog = session.catalog;
  const auto request = session.binder().bindRequest(name);
  Result r;
  r.setColumns({"property", "value"});
  r.addRow({"request", request.name});
  r.addRow({"subject", request.subject});
  r.addRow({"regulation", request.regulation});
  r.addRow({"due", request.due.empty() ? Value() : Value(request.due)});
  if (auto days = daysLeft(request.due)) r.addRow({"days left", *days});
  r.addRow({"status", request.status});
  if (!request.note.empty()) r.addRow({"note", request.note});
  r.addRow({"dataset", request.dataset_name});
  r.addRow({"rows", request.size});
  r.addRow({"row ids", abbreviated(request.ids)});
  r.addRow({"rows sha256", request.ids_sha256});
  r.addRow({"created", request.created_at});
  r.addRow({"updated", request.updated_at});
  // One row per model the request's FORGET ran on: where it started, what it made, how it ended.
  for (const auto& model : catalog.requestModels(request.id)) {
    std::string line = model.status;
    if (model.source_version_id)
      if (auto v = catalog.versionById(*model.source_version_id)) line += ": from " + model.model_name + "@" + std::to_string(v->version);
    if (model.run_id) {
      line += " by run " + std::to_string(*model.run_id);
      if (auto run = catalog.runById(*model.run_id); run && run->result_version_id)
        if (auto v = catalog.versionById(*run->result_version_id)) line += " to " + model.model_name + "@" + std::to_string(v->version);
    }
    if (!model.error.empty()) line += " (" + model.error + ")";
    r.addRow({"model " + model.model_name, line});
  }
  if (request.status != catalog::kRequestCompleted)
    r.addRow({"models to do", modelsToDo(catalog, planner::Lineage(catalog), request)});
  return r;
}

}  // namespace lethe::engine
