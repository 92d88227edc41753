// The catalog schema, as forward migrations. Never edit a released step: add a new one.
//
// Foreign keys guard what must stay consistent (a version's weights blob, a mask's
// version). History is deliberately not constrained: runs keep the ids of models and
// versions that were dropped, and models keep the id and name of a dropped dataset.
// AUTOINCREMENT keeps ids of dropped rows from being reused, so that history never
// points at a different object than the one it recorded.
#include "catalog/migrations.hpp"

namespace lethe::catalog {

namespace {

#define LETHE_NOW "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

const char* const kVersion1 = R"sql(
CREATE TABLE datasets (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL,
  format        TEXT NOT NULL DEFAULT '',
  path          TEXT NOT NULL DEFAULT '',
  content_hash  TEXT NOT NULL DEFAULT '',
  parent_id     INTEGER,
  recipe_json   TEXT NOT NULL DEFAULT '',
  train_ids     TEXT NOT NULL DEFAULT '[]',
  test_ids      TEXT NOT NULL DEFAULT '[]',
  num_train     INTEGER NOT NULL,
  num_test      INTEGER NOT NULL,
  class_names   TEXT NOT NULL DEFAULT '[]',
  channels      INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  width         INTEGER NOT NULL,
  created_at    TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(
);

CREATE TABLE blobs (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256  TEXT NOT NULL,
  size    INTEGER NOT NULL
);
CREATE INDEX blobs_by_sha256 ON blobs(sha256);

CREATE TABLE blob_chunks (
  blob_id  INTEGER NOT NULL REFERENCES blobs(id) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  data     BLOB NOT NULL,
  PRIMARY KEY (blob_id, seq)
);

CREATE TABLE models (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE,
  dataset_id    INTEGER NOT NULL,
  dataset_name  TEXT NOT NULL,
  arch          TEXT NOT NULL,
  recipe_json   TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(
);

CREATE TABLE forget_sets (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id   INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  classes      TEXT NOT NULL DEFAULT '[]',
  ids          BLOB NOT NULL,
  size         INTEGER NOT NULL,
  ids_sha256   TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(
);
CREATE INDEX forget_sets_by_members ON forget_sets(dataset_id, ids_sha256);

CREATE TABLE runs (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  kind               TEXT NOT NULL,
  statement          TEXT NOT NULL DEFAULT '',
  plan               TEXT NOT NULL DEFAULT '',
  model_id           INTEGER,
  source_version_id  INTEGER,
  result_version_id  INTEGER,
  forget_set_id      INTEGER REFERENCES forget_sets(id),
  method             TEXT NOT NULL DEFAULT '',
  options_json       TEXT NOT NULL DEFAULT '',
  status             TEXT NOT NULL,
  seconds            REAL NOT NULL DEFAULT 0,
  started_at         TEXT NOT NULL
);
CREATE INDEX runs_by_source ON runs(source_version_id, forget_set_id);

CREATE TABLE model_versions (
  id                 INTEGER PRIMARY KEY AUTOINCREMENT,
  model_id           INTEGER NOT NULL REFERENCES models(id),
  version            INTEGER NOT NULL,
  parent_version_id  INTEGER,
  run_id             INTEGER REFERENCES runs(id),
  weights_blob_id    INTEGER NOT NULL REFERENCES blobs(id),
  sha256             TEXT NOT NULL,
  size_bytes         INTEGER NOT NULL,
  note               TEXT NOT NULL DEFAULT '',
  created_at         TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(,
  UNIQUE (model_id, version)
);

CREATE TABLE masks (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id     INTEGER NOT NULL REFERENCES model_versions(id),
  forget_set_id  INTEGER NOT NULL REFERENCES forget_sets(id),
  threshold      REAL NOT NULL,
  blob_id        INTEGER NOT NULL REFERENCES blobs(id),
  sha256         TEXT NOT NULL,
  created_at     TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(
);
CREATE INDEX masks_by_target ON masks(version_id, forget_set_id);

CREATE TABLE metrics (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id  INTEGER NOT NULL REFERENCES runs(id),
  name    TEXT NOT NULL,
  value   REAL,  -- NULL holds NaN, which SQLite cannot store as a REAL
  UNIQUE (run_id, name)
);
)sql";

// CORRUPT DATASET (REM): the recipe of a corrupted dataset and the rows it corrupted with
// their true labels. The pixels and labels themselves are regenerated from the recipe on
// load; the stored rows let metrics (healed) and FORGET CORRUPTED work without the data,
// and let the loader check that regenerating still gives the same rows.
const char* const kVersion2 = R"sql(
CREATE TABLE corruptions (
  dataset_id  INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  count       INTEGER NOT NULL,
  target      INTEGER,                 -- poison: the label the triggered rows get
  classes     TEXT NOT NULL DEFAULT '[]',  -- swap: the two classes
  seed        INTEGER NOT NULL
);

CREATE TABLE corrupted_rows (
  dataset_id  INTEGER NOT NULL REFERENCES corruptions(dataset_id) ON DELETE CASCADE,
  row_id      INTEGER NOT NULL,  -- index into the corrupted dataset's training split
  true_label  INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, row_id)
);
)sql";

// Saliency masks are a cache keyed by (version, forget set, threshold). Those stored before
// this step summed the forget loss's per-batch means, so they also depended on the batch size
// they were computed with, which the key does not hold: drop them (and the blobs only they
// used), and the next FORGET that needs one computes it from the per-row sum.
const char* const kVersion3 = R"sql(
DELETE FROM masks;
DELETE FROM blobs WHERE id NOT IN (SELECT weights_blob_id FROM model_versions);
)sql";

// Calibration (docs/calibration.md): what a forget run's calibration chose, every trial's
// criterion, and its cost, as JSON; empty for runs that were not calibrated.
const char* const kVersion4 = R"sql(
ALTER TABLE runs ADD COLUMN calibration_json TEXT NOT NULL DEFAULT '';
)sql";

// The run log: a statement that computes records its run when it starts (status 'running',
// with the process that runs it in `owner`) and completes it at its commit, or marks it
// 'failed' / 'cancelled' with the error; a run left 'running' by a process that died is marked
// failed when the catalog is next opened.
const char* const kVersion5 = R"sql(
ALTER TABLE runs ADD COLUMN error TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_by_status ON runs(status);
)sql";

// Governance (docs/statements/governance.md). The active version of each model (NULL: the
// latest, as before this step); the audit log, hash-chained and append-only (the triggers stop
// accidental edits, the chain exposes deliberate ones); deletion requests and, per request,
// the models a FORGET FOR REQUEST ran on with the run it made.
const char* const kVersion6 = R"sql(
ALTER TABLE models ADD COLUMN active_version_id INTEGER;

CREATE TABLE audit_log (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  os_user       TEXT NOT NULL,
  statement     TEXT NOT NULL,
  kind          TEXT NOT NULL,
  result        TEXT NOT NULL,              -- 'ok', or the error kind
  message       TEXT NOT NULL DEFAULT '',   -- the error, when it failed
  rows_changed  INTEGER NOT NULL,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE requests (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL UNIQUE,
  subject       TEXT NOT NULL DEFAULT '',
  regulation    TEXT NOT NULL DEFAULT '',
  due           TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, or '' for none
  dataset_id    INTEGER NOT NULL,
  dataset_name  TEXT NOT NULL,
  ids           BLOB NOT NULL,              -- training rows of the dataset, sorted int64
  size          INTEGER NOT NULL,
  ids_sha256    TEXT NOT NULL,
  status        TEXT NOT NULL,              -- pending, in_progress, completed, failed
  note          TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(,
  updated_at    TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(
);

CREATE TABLE request_models (
  request_id         INTEGER NOT NULL REFERENCES requests(id),
  model_id           INTEGER NOT NULL,
  model_name         TEXT NOT NULL,
  source_version_id  INTEGER,
  run_id             INTEGER,
  status             TEXT NOT NULL,         -- to_do, completed, failed
  error              TEXT NOT NULL DEFAULT '',
  updated_at         TEXT NOT NULL DEFAULT )sql" LETHE_NOW R"sql(,
  PRIMARY KEY (request_id, model_id)
);
)sql";

// Generated samples stored as a dataset (SAMPLE without INTO 'file', docs/generation.md): the
// images and labels in a blob of their own, since no file outside the catalog holds them; the
// dataset row says how to read them. Dropped with the dataset. The generator version they
// were drawn from is history, not a constraint (the generator may be dropped later).
const char* const kVersion7 = R"sql(
CREATE TABLE sample_sets (
  dataset_id  INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
  model_id    INTEGER NOT NULL,
  version_id  INTEGER NOT NULL,
  blob_id     INTEGER NOT NULL REFERENCES blobs(id),
  sha256      TEXT NOT NULL
);
)sql";

#undef LETHE_NOW

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> steps = {
      {0, kVersion1},
      {1, kVersion2},
      {2, kVersion3},
      {3, kVersion4},
      {4, kVersion5},
      {5, kVersion6},
      {6, kVersion7},
  };
  return steps;
}

}  // namespace lethe::catalog
