#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "engine/session.hpp"

namespace lethe {

std::string Value::toString() const {
  if (isNull()) return "NULL";
  if (isInteger()) return std::to_string(integer());
  if (isText()) return text();
  const double v = real();
  if (std::isnan(v)) return "NaN";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

Result Result::failure(std::string message, ErrorCode code) {
  Result r;
  r.error_ = message.empty() ? "unknown error" : std::move(message);
  r.code_ = code == ErrorCode::Ok ? ErrorCode::Execution : code;  // a failure is never Ok
  return r;
}

const Value& Result::at(size_t row, const std::string& column) const {
  for (size_t c = 0; c < columns_.size(); ++c)
    if (columns_[c] == column) return rows_.at(row).at(c);
  throw std::out_of_range("no column '" + column + "' in result");
}

namespace engine {

planner::Binder Session::binder() const {
  return planner::Binder(catalog, planner::BindSettings{settings.seed, exec::cudaAvailable()});
}

void appendMetricColumns(const std::vector<std::string>& requested, const std::map<std::string, double>& values,
                         const std::vector<std::string>& class_names, std::vector<std::string>& columns,
                         std::vector<Value>& row) {
  for (const auto& name : requested) {
    if (name == "class_acc") {
      for (size_t c = 0; c < class_names.size(); ++c) {
        columns.push_back("acc[" + class_names[c] + "]");
        auto it = values.find("class_acc:" + std::to_string(c));
        row.push_back(it == values.end() ? Value() : Value(it->second));
      }
      continue;
    }
    columns.push_back(name);
    auto it = values.find(name);
    row.push_back(it == values.end() ? Value() : Value(it->second));
  }
}

Result planResult(const planner::LogicalPlan& plan) {
  Result result;
  result.setColumns({"plan"});
  for (const auto& line : plan.render()) result.addRow({Value(line)});
  return result;
}

Result statusResult(const std::string& message) {
  Result result;
  result.setColumns({"status"});
  result.addRow({Value(message)});
  return result;
}

std::string renderPlan(const planner::LogicalPlan& plan) {
  std::string out;
  for (const auto& line : plan.render()) out += line + "\n";
  return out;
}

catalog::RunEntry runRecord(const Session& session, const std::string& kind, const planner::LogicalPlan& plan) {
  catalog::RunEntry run;
  run.kind = kind;
  run.statement = session.statement.text;
  run.started_at = session.started_at;
  run.plan = renderPlan(plan);
  if (session.started_run && session.started_run->id && !session.started_run->claimed) {
    run.id = session.started_run->id;  // insertRun completes the started row
    session.started_run->claimed = true;
  }
  return run;
}

std::string utcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return buffer;
}

double secondsSince(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace engine
}  // namespace lethe
