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
  WriteFile,         // EXPORT MODEL: a version as a TorchScript file; SAMPLE: a PNG grid
  Sample,            // SAMPLE: images drawn from a generator
};

const char* operatorName(OperatorKind kind);

struct PlanNode {
  OperatorKind kind;
  std::string detail;
  std::string method;     // the method whose chain this node is in (COMPARE); "" = the statement's
  double seconds = -1.0;  // filled by EXPLAIN ANALYZE; < 0 = not measured
};

struct LogicalPlan {
  std::vector<PlanNode> nodes;  // execution order: nodes[0] runs first

  // The node of `kind` in `method`'s chain (statements with one chain per method: COMPARE)
  // or the statement's own (method ""); null when the plan has none.
  PlanNode* find(OperatorKind kind, const std::string& method = "");
  // The same for a node the runner times: the plan EXPLAIN prints must be the plan that runs,
  // so a missing node is an internal error, not a silently untimed operator.
  PlanNode& at(OperatorKind kind, const std::string& method = "");
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
LogicalPlan planSample(const BoundSample& bound);                // plan_sample.cpp
LogicalPlan planSingle(OperatorKind kind, const std::string& detail);

// "epochs=10, lr=0.013, ..." for plan details and run records.
std::string describeOptions(const OptionValues& options);

// A method's Unlearn detail, "salun (batch_size=256, epochs=calibrated, lr=calibrated, ...)",
// preceded in `plan` by a Calibrate node when calibration chooses some of its options. `chain`
// tags the nodes with the method they belong to where a plan has one chain per method.
void addUnlearnNodes(LogicalPlan& plan, const BoundMethod& method, const std::string& note = "",
                     const std::string& chain = "");

}  // namespace lethe::planner
