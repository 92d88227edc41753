#pragma once
// Logical plans: the operators a statement runs, in execution order. EXPLAIN renders them;
// EXPLAIN ANALYZE fills in each operator's seconds.
#include <string>
#include <vector>

#include "planner/bound.hpp"

namespace lethe::planner {

enum class OperatorKind {
  ProbeFiles,        // read and validate dataset files
  DrawSubset,        // seeded sample of a parent's rows
  LoadData,          // dataset into memory
  LoadModel,         // a version's weights
  ResolveForgetSet,  // forget target -> training row ids
  Saliency,          // gradient-saliency mask
  Calibrate,         // trials that choose a method's unset lr / epochs (docs/calibration.md)
  Train,             // training from scratch
  Unlearn,           // a method's updates
  Evaluate,          // metrics
  CatalogRead,       // SHOW / DESCRIBE
  CatalogWrite,      // DROP, and the commit of every writing statement
  Setting,           // SET
  Corrupt,           // CORRUPT DATASET: the rows a recipe corrupts
  ReadFile,          // IMPORT MODEL: a TorchScript file, checked on the dataset
  WriteFile,         // EXPORT MODEL: a version as a TorchScript file
};

const char* operatorName(OperatorKind kind);

struct PlanNode {
  OperatorKind kind;
  std::string detail;
  double seconds = -1.0;  // filled by EXPLAIN ANALYZE; < 0 = not measured
};

struct LogicalPlan {
  std::vector<PlanNode> nodes;  // execution order: nodes[0] runs first

  PlanNode* find(OperatorKind kind);
  // The first node of `kind` at or after `cursor`, which moves past it: statements with one
  // operator chain per method (COMPARE) walk their plan in order with it. Null when none.
  PlanNode* next(OperatorKind kind, size_t& cursor);
  // One line per operator, the last-run operator at the top, children indented below.
  std::vector<std::string> render() const;
};

LogicalPlan planCreateDataset(const BoundCreateDataset& bound);  // plan_create_dataset.cpp
LogicalPlan planCreateModel(const BoundCreateModel& bound);      // plan_create_model.cpp
LogicalPlan planForget(const BoundForget& bound);                // plan_forget.cpp
LogicalPlan planCompare(const BoundCompare& bound);              // plan_compare.cpp
LogicalPlan planEvaluate(const BoundEvaluate& bound);            // plan_evaluate.cpp
LogicalPlan planCorruptDataset(const BoundCorruptDataset& bound);  // plan_corrupt_dataset.cpp
LogicalPlan planImportModel(const BoundImportModel& bound);      // plan_import_model.cpp
LogicalPlan planExportModel(const BoundExportModel& bound);      // plan_export_model.cpp
LogicalPlan planSingle(OperatorKind kind, const std::string& detail);

// "epochs=10, lr=0.013, ..." for plan details and run records.
std::string describeOptions(const OptionValues& options);

// A method's Unlearn detail, "salun (batch_size=256, epochs=calibrated, lr=calibrated, ...)",
// preceded in `plan` by a Calibrate node when calibration chooses some of its options.
void addUnlearnNodes(LogicalPlan& plan, const BoundMethod& method, const std::string& note = "");

}  // namespace lethe::planner
