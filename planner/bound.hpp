#pragma once
// Bound statements: every name resolved against the catalog, every option validated and
// defaulted. What the binder hands to the planner and to engine/run_<stem>.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/entries.hpp"
#include "common/calibration_request.hpp"
#include "common/dataset_source.hpp"
#include "common/model_kind.hpp"
#include "common/options.hpp"

namespace lethe::planner {

struct BoundDataset {
  catalog::DatasetEntry entry;
  DatasetSource source;  // flattened down to the root files
};

struct BoundModel {
  catalog::ModelEntry model;
  catalog::VersionEntry version;
  BoundDataset dataset;
  OptionValues recipe;  // the training options the model was created with
  std::string display() const { return model.name + "@" + std::to_string(version.version); }
  ModelKind kind() const { return modelKindOfArch(model.arch); }
};

// The classifier that judges a generator's samples (ua_gen, fid, acc_gen) and how the samples
// it judges are drawn: WITH (judge = c, samples, sample_steps, guidance, sample_seed).
struct BoundJudge {
  BoundModel model;
  int64_t samples_per_class = 0;
  int64_t steps = 0;
  double guidance = 0.0;
  int64_t seed = 0;
  std::string describe() const;  // "clf@1 (100 samples per class, 50 steps, guidance 2, seed 1)"
};

struct BoundCreateDataset {
  catalog::DatasetEntry entry;   // everything but id/created_at; files already probed
  bool skip = false;             // IF NOT EXISTS and it exists
  std::string class_names_file;  // WITH (class_names = 'file'): its names must match the classes
};

// CORRUPT DATASET: the new dataset's row and its recipe; the rows it corrupts come from
// the parent's labels (engine/run_corrupt_dataset.cpp asks the executors).
struct BoundCorruptDataset {
  BoundDataset parent;
  catalog::DatasetEntry entry;  // everything but id/created_at
  CorruptionSpec spec;    // rows and true_labels still empty
};

struct BoundCreateModel {
  std::string name;
  std::string arch;
  BoundDataset dataset;
  OptionValues recipe;
  bool skip = false;
};

// The forget target, resolved as far as the catalog allows: class-wise targets still need
// the labels to list their rows (engine asks the executors), the others are explicit.
struct BoundForgetTarget {
  ForgetScenario kind = ForgetScenario::Random;  // a stored set keeps its kind
  std::string description;       // CLASS 'Sneaker' / RANDOM 10 PERCENT SEED 1 / SAMPLES (3 ids)
  std::vector<int64_t> classes;  // class-wise
  std::vector<int64_t> ids;      // random / samples / stored: sorted, unique training indices
  std::optional<int64_t> forget_set_id;  // FORGET SET n: the stored set reused
};

// One unlearning method as a statement asks for it.
struct BoundMethod {
  std::string name;
  OptionValues options;
  std::optional<double> threshold;  // saliency fraction: SalUn's THRESHOLD or `saliency = s`
  std::optional<CalibrationRequest> calibration;  // the options calibration chooses, if any
  std::string calibration_note;  // why it chooses none, for the result row ("" when it does, or cannot)
};

struct BoundForget {
  BoundModel source;
  BoundForgetTarget target;
  std::string method;
  OptionValues options;
  std::optional<double> threshold;
  std::optional<CalibrationRequest> calibration;
  std::string calibration_note;
  std::vector<std::string> metrics;  // lower-case, validated, in the order written
  std::optional<std::string> into;   // a new model instead of a new version
  std::optional<BoundJudge> judge;   // generators: what ua_gen / fid / acc_gen sample and judge with
};

// COMPARE METHODS: every method on one forget set; retrain is the reference and comes first.
struct BoundCompare {
  BoundModel source;
  BoundForgetTarget target;
  std::vector<BoundMethod> methods;
  bool retrain_requested = false;      // listed by the user (else added as the reference only)
  bool retrain_options_given = false;  // retrain.x options: a stored reference does not fit
  // What every method is evaluated on: classifiers the gap metrics (ua, ra, ta, mia);
  // generators the judged ones (ua_gen, fid, acc_gen) with `judge`.
  std::vector<std::string> metrics;
  std::optional<BoundJudge> judge;
};

struct BoundEvaluate {
  BoundModel model;
  std::optional<catalog::ForgetSetEntry> forget_set;  // with member ids
  std::vector<std::string> metrics;
  std::optional<BoundJudge> judge;  // generators
};

// SAMPLE n FROM gen[@v] [CLASS 'c'] WITH (...) [INTO 'grid.png' | INTO name].
struct BoundSample {
  BoundModel generator;
  int64_t count = 0;                   // images per class drawn
  std::optional<int64_t> class_index;  // one class; none: every class
  int64_t steps = 0;
  double guidance = 0.0;
  int64_t seed = 0;
  OptionValues options;                // steps, guidance, seed as resolved (the dataset's recipe)
  std::optional<std::string> file;     // INTO 'grid.png': a PNG, nothing stored
  std::string dataset;                 // otherwise: the new dataset's name (INTO name, or a free one)
  int64_t images() const;              // count, or count x classes
};

// IMPORT MODEL: a new model (arch "torchscript") from a TorchScript file, on a dataset.
struct BoundImportModel {
  std::string name;
  std::string path;      // as written; the file exists and is not a directory
  BoundDataset dataset;
  OptionValues recipe;   // the training recipe retrain uses (CREATE MODEL's options and defaults)
};

// EXPORT MODEL: a stored version written as a TorchScript file.
struct BoundExportModel {
  BoundModel model;
  std::string path;  // as written; its directory exists
};

// Rows of one dataset's training split (SHOW MODELS CONTAINING, CREATE REQUEST).
struct BoundRows {
  BoundDataset dataset;
  std::vector<int64_t> ids;      // SAMPLES: sorted, unique, in range
  std::vector<int64_t> classes;  // CLASS: the engine lists their rows from the labels
  std::string description;       // SAMPLES (2 ids) / CLASS 'Bag'
};

// SET ACTIVE m@v / ROLLBACK MODEL m TO v.
struct BoundActivate {
  catalog::ModelEntry model;
  catalog::VersionEntry version;   // to become active
  catalog::VersionEntry previous;  // active now
  bool rollback = false;
};

// DROP MODEL m@v [CASCADE]: the version and, with CASCADE, every version made from it.
struct BoundDropVersion {
  catalog::ModelEntry model;
  std::vector<catalog::VersionEntry> versions;  // the named one first, then its descendants
  std::vector<std::string> names;               // "m@3", in the same order
};

struct BoundCreateRequest {
  catalog::RequestEntry entry;  // everything but id and timestamps
};

// FORGET FOR REQUEST 'r' USING method ...: the request; the models come from lineage when it runs.
struct BoundForgetRequest {
  catalog::RequestEntry request;
  catalog::DatasetEntry dataset;
};

// EXPORT CERTIFICATE FOR REQUEST 'r' | FOR RUN n TO 'c.json'.
struct BoundExportCertificate {
  std::optional<catalog::RequestEntry> request;
  std::vector<catalog::RunEntry> runs;  // completed FORGET runs, oldest first
  std::string path;
};

// SET name = value, validated.
struct BoundSet {
  std::string name;  // "device", "threads", "seed", "busy_timeout"
  OptionValue value;
};

}  // namespace lethe::planner
