#pragma once
// Names and options -> catalog entries and validated values. Reads the catalog, never
// writes it: every error here leaves the catalog exactly as it was.
#include <optional>

#include "catalog/catalog.hpp"
#include "grammar/ast.hpp"
#include "planner/bound.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

// Engine-wide settings the binder needs (SET seed overrides the registry's default seeds).
struct BindSettings {
  std::optional<int64_t> seed;
  bool cuda_available = false;
};

class Binder {
 public:
  Binder(const catalog::Catalog& catalog, BindSettings settings) : catalog_(catalog), settings_(settings) {}

  BoundCreateDataset bindCreateDataset(const ast::CreateDatasetInfo& info) const;  // bind_create_dataset.cpp
  BoundCreateModel bindCreateModel(const ast::CreateModelInfo& info) const;        // bind_create_model.cpp
  BoundForget bindForget(const ast::ForgetInfo& info) const;                       // bind_forget.cpp
  BoundCompare bindCompare(const ast::CompareInfo& info) const;                    // bind_compare.cpp
  BoundEvaluate bindEvaluate(const ast::EvaluateModelInfo& info) const;            // bind_evaluate.cpp
  BoundSet bindSet(const ast::SetInfo& info) const;                                // bind_set.cpp
  BoundImportModel bindImportModel(const ast::ImportModelInfo& info) const;        // bind_import_model.cpp
  BoundExportModel bindExportModel(const ast::ExportModelInfo& info) const;        // bind_export_model.cpp
  BoundCorruptDataset bindCorruptDataset(const ast::CorruptDatasetInfo& info) const;  // bind_corrupt_dataset.cpp
  BoundActivate bindActivate(const ast::ActivateInfo& info) const;                    // bind_activate.cpp
  BoundDropVersion bindDropVersion(const ast::DropInfo& info) const;                  // bind_drop.cpp
  BoundCreateRequest bindCreateRequest(const ast::CreateRequestInfo& info) const;     // bind_create_request.cpp
  catalog::RequestEntry bindRequest(const ast::Value& name) const;                    // bind_create_request.cpp
  BoundForgetRequest bindForgetRequest(const ast::ForgetInfo& info) const;            // bind_forget_request.cpp
  BoundExportCertificate bindExportCertificate(const ast::ExportCertificateInfo& info) const;  // bind_export_certificate.cpp
  BoundSample bindSample(const ast::SampleInfo& info) const;                          // bind_sample.cpp

  // Rows of a dataset (bind_rows.cpp): SAMPLES (...) | SAMPLES FROM 'f' | CLASS 'x' OF target.dataset.
  BoundRows bindRows(const ast::ForgetTarget& target) const;
  // SAMPLES ids checked against the dataset's training rows; sorted, unique, not empty.
  std::vector<int64_t> bindSampleIds(const ast::ForgetTarget& target, const catalog::DatasetEntry& dataset) const;

  // The REM metrics (healed, utility, uxh, asr) among `metrics` need a model of a corrupted
  // dataset, asr a poisoned one; `names` give the positions for errors (bind_corrupt_dataset.cpp).
  void checkCorruptionMetrics(const std::vector<std::string>& metrics, const std::vector<ast::Name>& names,
                              const BoundModel& model) const;
  // FORGET's default metrics for a CORRUPTED target: healed, utility, uxh (+ asr), rte.
  static std::vector<std::string> corruptionDefaultMetrics(const BoundDataset& dataset);

  // Shared resolution (bind_names.cpp).
  BoundDataset bindDataset(const ast::Name& name) const;
  // The dataset's catalog row alone, without its row ids (DESCRIBE DATASET); the same errors.
  catalog::DatasetEntry findDatasetEntry(const ast::Name& name) const;
  BoundDataset datasetOf(const catalog::DatasetEntry& entry) const;
  BoundModel bindModel(const ast::ModelRef& ref) const;
  // `version` of the model, or the active version when none is given.
  catalog::VersionEntry bindVersion(const catalog::ModelEntry& model, std::optional<int64_t> version,
                                    const ast::SourcePos& pos) const;
  catalog::ModelEntry findModel(const ast::Name& name) const;
  // FORGET SET n / FOR FORGET SET n: the stored set, which must be of the model's dataset.
  catalog::ForgetSetEntry bindStoredForgetSet(int64_t id, const BoundModel& model, const ast::SourcePos& pos) const;

  // FORGET and COMPARE (bind_forget.cpp): the target's rows, and one method with its
  // THRESHOLD / `saliency` mask and options (defaults and per-scenario defaults filled).
  BoundForgetTarget bindForgetTarget(const ast::ForgetTarget& target, const BoundModel& model) const;
  BoundMethod bindMethod(const ast::Name& method, const ast::OptionList& options, std::optional<double> threshold,
                         const ast::SourcePos& threshold_pos, const BoundForgetTarget& target,
                         const BoundModel& source) const;

  // `WITH (...)` against a spec list (bind_options.cpp); fills defaults.
  OptionValues bindOptions(const ast::OptionList& given, const std::vector<OptionSpec>& specs,
                           const std::string& owner) const;
  // Metric names, validated for the model's kind (a classifier metric on a generator and the
  // other way round are refused, naming the ones that apply).
  std::vector<std::string> bindMetrics(const std::vector<ast::Name>& names, bool have_forget_set,
                                       ModelKind kind = ModelKind::Classifier) const;

  // Generators (bind_judge.cpp). The judge's options (registry::judgeOptions) moved out of a
  // statement's WITH list; refused on a classifier, whose statements take no judge.
  static ast::OptionList takeJudgeOptions(ast::OptionList& options, const BoundModel& model);
  // The judge the statement's metrics need: none when no metric needs one (then no judge
  // option may be given); an error naming the fix when one is needed and not given.
  std::optional<BoundJudge> bindJudge(const ast::OptionList& judge_options, const BoundModel& generator,
                                      const std::vector<std::string>& metrics, const std::vector<ast::Name>& metric_names,
                                      const ast::SourcePos& statement_pos) const;
  // The method spec of `name` for the model's kind; an unknown name, or a method of the other
  // kind, is an error naming the methods that apply (bind_forget.cpp).
  const registry::MethodSpec& bindMethodSpec(const ast::Name& name, const BoundModel& model) const;

 private:
  // bindForgetTarget's rows, before the model's kind is checked (a generator forgets classes only).
  BoundForgetTarget bindForgetTargetRows(const ast::ForgetTarget& target, const BoundModel& model) const;
  // The directory of a samples dataset's IDX files, re-created from the catalog when missing.
  std::string sampleFiles(const catalog::DatasetEntry& entry) const;

  const catalog::Catalog& catalog_;
  BindSettings settings_;
};

// "at line 1:8" for messages about a place in the statement.
std::string at(const ast::SourcePos& pos);

// SET certificate_key | verdict_<metric>_min | verdict_<metric>_max (bind_set_governance.cpp).
bool isGovernanceSetting(const std::string& name);
BoundSet bindGovernanceSetting(const std::string& name, const ast::Value& value, const ast::Name& written);

// A file a statement writes (EXPORT): not empty, in an existing directory, and a regular file
// if it exists (bind_export_model.cpp). Returns the path.
std::string bindOutputFile(const ast::Value& path);

// A class written as a name ('Sneaker', case-insensitive) or as its index (7), with
// did-you-mean for unknown names (bind_forget.cpp).
int64_t resolveClass(const ast::Value& value, const std::vector<std::string>& class_names);

}  // namespace lethe::planner
