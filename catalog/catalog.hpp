#pragma once
// The SQLite catalog: datasets, models, versions, forget sets, masks, runs, metrics and
// the blobs (weights, masks) they refer to. One file (or ":memory:"), WAL mode,
// PRAGMA user_version = schema version with forward migrations. No torch here.
//
// Writes happen inside a Transaction; the engine opens exactly one per statement, after
// all computation is done, so a statement that fails leaves the catalog untouched.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/entries.hpp"
#include "common/sha256.hpp"

struct sqlite3;

namespace lethe::catalog {

class Catalog {
 public:
  static constexpr int kSchemaVersion = 7;  // 2: corruptions, corrupted_rows; 3: stale masks dropped; 4: runs.calibration_json;
                                            // 5: runs.error, runs.owner (runs recorded when they start)
                                            // 6: active versions, audit log, requests (governance)
                                            // 7: sample_sets (SAMPLE's images stored as a dataset)

  // Opens or creates the catalog and migrates an older schema forward.
  // Throws lethe::Error(ErrorKind::Catalog) when the file is not an SQLite database,
  // is corrupt, or has a schema version newer than kSchemaVersion.
  // `read_only`: open for reading even where the file could be written (it is opened so
  // anyway where it cannot be).
  explicit Catalog(const std::string& path, bool read_only = false);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const std::string& path() const { return path_; }
  // Opened for reading only: the file (or its directory, which WAL needs) is not writable.
  // Every read works; a statement that would write is refused before it computes anything.
  bool readOnly() const { return read_only_; }
  int schemaVersion() const;

  // BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() was called.
  class Transaction {
   public:
    explicit Transaction(Catalog& catalog);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

   private:
    Catalog& catalog_;
    bool done_ = false;
  };

  // ---- datasets ----
  int64_t insertDataset(const DatasetEntry& entry);  // returns the new id; name must be unique
  // with_ids = false: train_ids and test_ids left empty (listings, names, descriptions).
  std::optional<DatasetEntry> findDataset(const std::string& name, bool with_ids = true) const;
  std::optional<DatasetEntry> datasetById(int64_t id, bool with_ids = true) const;
  std::vector<DatasetEntry> listDatasets(bool with_ids = true) const;
  void deleteDataset(int64_t id);

  // ---- corruptions (CORRUPT DATASET) ----
  // Inserted with the corrupted dataset's row; dropped with it (ON DELETE CASCADE).
  void insertCorruption(const CorruptionEntry& entry);
  std::optional<CorruptionEntry> corruptionOf(int64_t dataset_id) const;  // with rows and labels

  // ---- generated samples (SAMPLE ... stored as a dataset, sample_sets.cpp) ----
  // Inserted with the dataset's row; dropped with it. `data` is the encoded images and labels
  // (planner/sample_dataset.hpp), stored as a blob with its SHA-256.
  void insertSampleSet(const SampleSetEntry& entry, const Bytes& data);
  std::optional<SampleSetEntry> sampleSetOf(int64_t dataset_id) const;

  // ---- models and versions ----
  int64_t insertModel(const ModelEntry& entry);
  std::optional<ModelEntry> findModel(const std::string& name) const;
  std::optional<ModelEntry> modelById(int64_t id) const;
  std::vector<ModelEntry> listModels() const;
  // Deletes the model, its versions, their masks and the blobs nobody else refers to.
  void deleteModel(int64_t id);

  // Stores the weights as a blob (SHA-256 computed here) and the version row.
  // entry.weights_blob_id / sha256 / size_bytes are filled by the catalog.
  int64_t insertVersion(const VersionEntry& entry, const Bytes& weights);
  std::optional<VersionEntry> findVersion(int64_t model_id, int64_t version) const;
  std::optional<VersionEntry> latestVersion(int64_t model_id) const;
  std::optional<VersionEntry> versionById(int64_t id) const;
  std::vector<VersionEntry> listVersions(int64_t model_id) const;

  // ---- blobs ----
  // Reads a blob back and checks its SHA-256; throws Error(Catalog) on a mismatch.
  Bytes loadBlob(int64_t blob_id) const;
  // A version's weights, checked against the hash and size the version itself records (the
  // blob checks its own; a version pointing at another blob would pass that check).
  Bytes loadVersionWeights(const VersionEntry& version) const;

  // ---- forget sets ----
  // ids are stored in ascending order; ids_sha256 is filled by the catalog.
  int64_t insertForgetSet(const ForgetSetEntry& entry);
  std::optional<ForgetSetEntry> forgetSetById(int64_t id) const;
  // An existing forget set of the same dataset with exactly these (sorted) ids.
  std::optional<ForgetSetEntry> findForgetSet(int64_t dataset_id, const std::vector<int64_t>& sorted_ids) const;
  std::vector<ForgetSetEntry> listForgetSets() const;  // without member ids

  // ---- masks ----
  int64_t insertMask(const MaskEntry& entry, const Bytes& mask);
  std::optional<MaskEntry> findMask(int64_t version_id, int64_t forget_set_id, double threshold) const;

  // ---- runs and metrics ----
  // Inserts the run, or, when entry.id names a run this process started (beginRun), completes
  // that row with the entry's fields (inside the caller's transaction either way).
  int64_t insertRun(const RunEntry& entry);
  // The run log (each in a short transaction of its own, outside any statement transaction):
  // a run recorded as started, so that a statement that is killed leaves a trace; its end when
  // it produced nothing (failed / cancelled with the error); and a started run that stored
  // nothing after all (IF NOT EXISTS found the model) removed again.
  int64_t beginRun(const std::string& kind, const std::string& statement, const std::string& started_at);
  void endRun(int64_t run_id, const std::string& status, const std::string& error, double seconds);
  void discardStartedRun(int64_t run_id);
  // Runs left 'running' by a process of this host that no longer exists become 'failed'. Done
  // when a catalog is opened for writing; returns how many.
  int reapAbandonedRuns();
  // How long a statement waits for another connection's write lock before "catalog busy".
  void setBusyTimeout(int milliseconds);
  int busyTimeout() const { return busy_timeout_ms_; }
  // A run is inserted before the version it produces (the version row names its run).
  void setRunResultVersion(int64_t run_id, int64_t version_id);
  std::optional<RunEntry> runById(int64_t id) const;
  std::vector<RunEntry> listRuns() const;
  void insertMetric(int64_t run_id, const std::string& name, double value);
  // A new model version with the run that made it and the run's metrics: the one way CREATE
  // MODEL, IMPORT MODEL and FORGET store a result (inside the caller's transaction). Sets
  // version.run_id and the run's result version; returns both ids.
  struct StoredVersion {
    int64_t run_id = 0;
    int64_t version_id = 0;
  };
  StoredVersion insertVersionWithRun(const RunEntry& run, VersionEntry version, const Bytes& weights,
                                     const std::map<std::string, double>& metrics);
  std::vector<MetricEntry> metricsForRun(int64_t run_id) const;
  // The newest successful retrain run from this source version on this forget set.
  std::optional<RunEntry> findRetrainRun(int64_t source_version_id, int64_t forget_set_id) const;

  // ---- governance: active versions (models.cpp), the audit log (audit.cpp), requests (requests.cpp) ----
  // The version `m` means: the one SET ACTIVE / ROLLBACK chose, else the latest. Every new
  // version becomes active (insertVersion), so a FORGET's result is what `m` names next.
  std::optional<VersionEntry> activeVersion(int64_t model_id) const;
  void setActiveVersion(int64_t model_id, int64_t version_id);
  std::vector<VersionEntry> listAllVersions() const;  // every model's, by id
  // Per model id: how many versions, the latest and the active version's number (SHOW MODELS).
  struct VersionSummary {
    int64_t count = 0;
    int64_t latest = 0;
    int64_t active = 0;
  };
  std::map<int64_t, VersionSummary> versionSummaries() const;
  // Versions of any model whose parent is `version_id` (FORGET ... INTO makes cross-model children).
  std::vector<VersionEntry> childVersions(int64_t version_id) const;
  // Deletes one version, its masks and the blobs nobody else refers to (DROP MODEL m@v).
  void deleteVersion(int64_t version_id);
  // Per version: the forget set of the FORGET run that produced it (lineage); absent otherwise.
  std::map<int64_t, int64_t> forgetSetsOfVersions() const;
  // Every forget set's member ids (checked against their hash), read in one pass for lineage.
  std::map<int64_t, std::vector<int64_t>> allForgetSetIds() const;

  // Appends to the hash-chained audit log in a short transaction of its own; fills id and hashes.
  AuditEntry appendAudit(AuditEntry entry);
  std::vector<AuditEntry> listAudit() const;
  // Walks the chain from the first entry; names the first entry that is missing or altered.
  AuditCheck verifyAudit() const;

  int64_t insertRequest(const RequestEntry& entry);  // ids sorted, hash filled here
  std::optional<RequestEntry> findRequest(const std::string& name) const;  // with ids
  std::vector<RequestEntry> listRequests() const;                         // with ids
  void setRequestStatus(int64_t request_id, const std::string& status, const std::string& note);
  // Inserts or replaces the row of (request, model).
  void putRequestModel(const RequestModelEntry& entry);
  std::vector<RequestModelEntry> requestModels(int64_t request_id) const;

  // SHA-256 over the schema version and every row of every table, in a fixed order, leaving
  // out the run log's records of runs that stored nothing (running, failed, cancelled) and
  // the audit log (which records refused statements too). Two equal fingerprints mean the catalog's contents are identical.
  std::string fingerprint() const;

  sqlite3* handle() const { return db_; }

 private:
  void migrate();
  std::string path_;
  sqlite3* db_ = nullptr;
  bool read_only_ = false;
  int busy_timeout_ms_ = 0;
};

}  // namespace lethe::catalog
