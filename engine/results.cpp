#include <chrono>
#include <cmath>
#include <cstdio>
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

Result Result::failure(std::string message) {
  Result r;
  r.error_ = message.empty() ? "unknown error" : std::move(message);
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

double secondsSince(const std::chrono::steady_clock::time_point& start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace engine
}  // namespace lethe
