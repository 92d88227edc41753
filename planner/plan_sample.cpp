// SAMPLE: LoadModel -> Sample -> WriteFile (INTO 'grid.png') | CatalogWrite (a dataset).
#include <sstream>

#include "planner/plan.hpp"

namespace lethe::planner {

LogicalPlan planSample(const BoundSample& bound) {
  LogicalPlan plan;
  const BoundModel& generator = bound.generator;
  plan.nodes.push_back({OperatorKind::LoadModel, generator.display() + " (" + generator.model.arch + " on " +
                                                     generator.dataset.entry.name + ")"});
  std::ostringstream detail;
  const auto& classes = generator.dataset.entry.class_names;
  detail << bound.images() << " images: " << bound.count << " of "
         << (bound.class_index ? "class '" + classes.at(static_cast<size_t>(*bound.class_index)) + "'"
                               : "each of " + std::to_string(classes.size()) + " classes")
         << " (DDIM " << bound.steps << " steps, guidance " << bound.guidance << ", seed " << bound.seed << ")";
  plan.nodes.push_back({OperatorKind::Sample, detail.str()});
  if (bound.file) plan.nodes.push_back({OperatorKind::WriteFile, "'" + *bound.file + "' (PNG grid, one row per class)"});
  else plan.nodes.push_back({OperatorKind::CatalogWrite, "dataset " + bound.dataset + " (the samples)"});
  return plan;
}

}  // namespace lethe::planner
