#pragma once
// Plain rows of the catalog tables. Timestamps are ISO-8601 UTC text set by the catalog.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/forget_scenario.hpp"

namespace lethe::catalog {

using Bytes = std::vector<uint8_t>;

struct DatasetEntry {
  int64_t id = 0;
  std::string name;
  std::string kind;          // "builtin", "file", "subset" or "corrupted"
  std::string format;        // "idx" (files), "" for subsets
  std::string path;          // directory of the files ("" for subsets)
  std::string content_hash;  // SHA-256 of the source files (or of the recipe for subsets)
  std::optional<int64_t> parent_id;  // subsets
  std::string recipe_json;   // subsets: {"train":5000,"test":1000,"seed":1}
  std::vector<int64_t> train_ids;    // subsets: indices into the parent's training split
  std::vector<int64_t> test_ids;     // subsets: indices into the parent's test split
  int64_t num_train = 0;
  int64_t num_test = 0;
  std::vector<std::string> class_names;  // num_classes = class_names.size()
  int64_t channels = 1;
  int64_t height = 28;
  int64_t width = 28;
  std::string created_at;
};

// A corrupted dataset's recipe (CORRUPT DATASET) and the rows it corrupted.
struct CorruptionEntry {
  int64_t dataset_id = 0;
  std::string kind;                  // "poison", "swap", "random"
  int64_t count = 0;                 // as asked
  std::optional<int64_t> target;     // poison: the label of the triggered rows
  std::vector<int64_t> classes;      // swap: the two swapped classes
  int64_t seed = 1;
  std::vector<int64_t> rows;         // corrupted training rows, ascending
  std::vector<int64_t> true_labels;  // their labels before the corruption, row by row
};

// Images a SAMPLE drew and stored as a dataset: where their bytes are and what drew them.
struct SampleSetEntry {
  int64_t dataset_id = 0;
  int64_t model_id = 0;    // the generator and its version (history: they may be dropped)
  int64_t version_id = 0;
  int64_t blob_id = 0;     // filled by insertSampleSet
  std::string sha256;      // filled by insertSampleSet
};

struct ModelEntry {
  int64_t id = 0;
  std::string name;
  int64_t dataset_id = 0;
  std::string dataset_name;  // kept so an error can name a dataset that was dropped
  std::string arch;
  std::string recipe_json;   // the training options, resolved (OptionValues::toJson)
  std::string created_at;
  std::optional<int64_t> active_version_id;  // SET ACTIVE / ROLLBACK; none: the latest version
};

struct VersionEntry {
  int64_t id = 0;
  int64_t model_id = 0;
  int64_t version = 1;
  std::optional<int64_t> parent_version_id;
  std::optional<int64_t> run_id;   // the run that produced it
  int64_t weights_blob_id = 0;     // filled by insertVersion
  std::string sha256;              // filled by insertVersion
  int64_t size_bytes = 0;          // filled by insertVersion
  std::string note;                // e.g. "trained", "salun on forget set 3"
  std::string created_at;
};

struct ForgetSetEntry {
  int64_t id = 0;
  int64_t dataset_id = 0;
  ForgetScenario kind = ForgetScenario::Random;
  std::string description;   // e.g. "CLASS 'Sneaker'", "RANDOM 10 PERCENT SEED 1"
  std::vector<int64_t> classes;  // class-wise targets: the class indices
  std::vector<int64_t> ids;  // sorted training indices (empty in list results)
  int64_t size = 0;
  std::string ids_sha256;    // filled by insertForgetSet
  std::string created_at;
};

struct MaskEntry {
  int64_t id = 0;
  int64_t version_id = 0;
  int64_t forget_set_id = 0;
  double threshold = 0.5;
  int64_t blob_id = 0;       // filled by insertMask
  std::string sha256;        // filled by insertMask
  std::string created_at;
};

struct RunEntry {
  int64_t id = 0;
  std::string kind;          // "train", "forget", "evaluate"
  std::string statement;     // the statement text as written
  std::string plan;          // the rendered plan
  std::optional<int64_t> model_id;
  std::optional<int64_t> source_version_id;
  std::optional<int64_t> result_version_id;
  std::optional<int64_t> forget_set_id;
  std::string method;        // forget runs; "" otherwise
  std::string options_json;  // resolved options (calibrated ones as chosen)
  // Forget runs whose options calibration chose: what and why; training runs: the learning
  // curve that calibration reads.
  std::string calibration_json;
  // kRunOk, or (the run log) kRunRunning while its statement computes, kRunFailed or
  // kRunCancelled when it ended without a result. id != 0 on insert: the started run to complete.
  std::string status = "ok";
  double seconds = 0.0;
  std::string started_at;
  std::string error;         // why a failed or cancelled run ended
  std::string owner;         // the process that runs or ran it: "host:pid:start-ticks"
};

constexpr const char* kRunOk = "ok";
constexpr const char* kRunRunning = "running";
constexpr const char* kRunFailed = "failed";
constexpr const char* kRunCancelled = "cancelled";

struct MetricEntry {
  int64_t run_id = 0;
  std::string name;
  double value = 0.0;
};

// One entry of the audit log: a statement that changes the catalog (or tried to) and how it ended.
struct AuditEntry {
  int64_t id = 0;
  std::string at;            // when the statement started, ISO-8601 UTC
  std::string user;          // the operating-system user that ran it
  std::string statement;     // its text as written
  std::string kind;          // "FORGET", "DROP", ...
  std::string result;        // "ok", or the error kind ("Binder Error", "Interrupted", ...)
  std::string message;       // the error message of a failed statement
  int64_t rows_changed = 0;  // catalog rows inserted, updated or deleted
  std::string prev_hash;     // filled by appendAudit: the previous entry's hash
  std::string hash;          // filled by appendAudit: SHA-256 over this entry and prev_hash
};

// VERIFY AUDIT: whether the chain holds, and where it first does not.
struct AuditCheck {
  int64_t entries = 0;
  std::optional<int64_t> broken_at;  // the first entry that is missing or altered
  std::string problem;               // what is wrong there, in words
};

// A deletion request (CREATE REQUEST): whose rows, of which dataset, by when.
struct RequestEntry {
  int64_t id = 0;
  std::string name;          // the user's id: 'r-17'
  std::string subject;
  std::string regulation;
  std::string due;           // YYYY-MM-DD, or ""
  int64_t dataset_id = 0;
  std::string dataset_name;
  std::vector<int64_t> ids;  // training rows of the dataset, sorted
  int64_t size = 0;
  std::string ids_sha256;    // filled by insertRequest
  std::string status;        // kRequestPending, ...
  std::string note;          // what the last FORGET FOR REQUEST found or why it failed
  std::string created_at;
  std::string updated_at;
};

constexpr const char* kRequestPending = "pending";
constexpr const char* kRequestInProgress = "in_progress";
constexpr const char* kRequestCompleted = "completed";
constexpr const char* kRequestFailed = "failed";

// One model a request's FORGET ran on (or is to run on).
struct RequestModelEntry {
  int64_t request_id = 0;
  int64_t model_id = 0;
  std::string model_name;
  std::optional<int64_t> source_version_id;
  std::optional<int64_t> run_id;  // the FORGET run, once completed
  std::string status;             // "to_do", "completed", "failed"
  std::string error;
  std::string updated_at;
};

}  // namespace lethe::catalog
