#include "planner/plan.hpp"

#include <cstdio>

#include "common/error.hpp"

namespace lethe::planner {

const char* operatorName(OperatorKind kind) {
  switch (kind) {
    case OperatorKind::ProbeFiles: return "PROBE_FILES";
    case OperatorKind::DrawSubset: return "DRAW_SUBSET";
    case OperatorKind::LoadData: return "LOAD_DATA";
    case OperatorKind::LoadModel: return "LOAD_MODEL";
    case OperatorKind::ResolveForgetSet: return "RESOLVE_FORGET_SET";
    case OperatorKind::Saliency: return "SALIENCY";
    case OperatorKind::Calibrate: return "CALIBRATE";
    case OperatorKind::Train: return "TRAIN";
    case OperatorKind::Unlearn: return "UNLEARN";
    case OperatorKind::Evaluate: return "EVALUATE";
    case OperatorKind::CatalogRead: return "CATALOG_READ";
    case OperatorKind::CatalogWrite: return "CATALOG_WRITE";
    case OperatorKind::Setting: return "SET";
    case OperatorKind::Corrupt: return "CORRUPT";
    case OperatorKind::ReadFile: return "READ_FILE";
    case OperatorKind::WriteFile: return "WRITE_FILE";
    case OperatorKind::Sample: return "SAMPLE";
  }
  return "?";
}

PlanNode* LogicalPlan::find(OperatorKind kind, const std::string& method) {
  for (auto& node : nodes)
    if (node.kind == kind && node.method == method) return &node;
  return nullptr;
}

PlanNode& LogicalPlan::at(OperatorKind kind, const std::string& method) {
  if (PlanNode* node = find(kind, method)) return *node;
  throw Error(ErrorKind::Execution, std::string("internal: the plan has no ") + operatorName(kind) + " node" +
                                        (method.empty() ? "" : " for " + method));
}

std::vector<std::string> LogicalPlan::render() const {
  std::vector<std::string> lines;
  for (size_t depth = 0; depth < nodes.size(); ++depth) {
    const PlanNode& node = nodes[nodes.size() - 1 - depth];
    std::string line = depth == 0 ? "" : std::string(4 * (depth - 1), ' ') + "└── ";
    line += operatorName(node.kind);
    if (!node.detail.empty()) line += " " + node.detail;
    if (node.seconds >= 0) {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "  (%.3f s)", node.seconds);
      line += buffer;
    }
    lines.push_back(line);
  }
  return lines;
}

LogicalPlan planSingle(OperatorKind kind, const std::string& detail) { return LogicalPlan{{{kind, detail}}}; }

std::string describeOptions(const OptionValues& options) {
  std::string out;
  for (const auto& [name, value] : options.all()) {
    if (!out.empty()) out += ", ";
    out += name + "=" + formatOptionValue(value);
  }
  return out;
}

void addUnlearnNodes(LogicalPlan& plan, const BoundMethod& method, const std::string& note, const std::string& chain) {
  OptionValues shown = method.options;
  if (const auto& c = method.calibration) {
    std::string detail;
    char range[96];
    if (c->lr) {
      std::snprintf(range, sizeof range, "lr in [%g, %g]", c->lr_min, c->lr_max);
      detail += range;
      shown.set("lr", std::string("calibrated"));
    }
    if (c->epochs) {
      detail += std::string(detail.empty() ? "" : ", ") + "epochs in 1.." + std::to_string(c->max_epochs);
      shown.set("epochs", std::string("calibrated"));
    }
    std::snprintf(range, sizeof range, "%.0f%%", 100.0 * c->budget);
    plan.nodes.push_back({OperatorKind::Calibrate, detail + " for " + method.name +
                                                       " (estimated gap on the calibration split; budget " + range +
                                                       " of a retrain)",
                          chain});
  }
  std::string options = describeOptions(shown);
  for (size_t at; (at = options.find("'calibrated'")) != std::string::npos;) options.replace(at, 12, "calibrated");
  plan.nodes.push_back({OperatorKind::Unlearn, method.name + " (" + options + ")" + note, chain});
}

}  // namespace lethe::planner
