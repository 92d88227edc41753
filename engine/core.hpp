#pragma once
// The core under both embedding APIs. lethe::Database / lethe::Connection (lethe.hpp) and
// the C API (lethe.h, capi/) each hold a DatabaseImpl and a ConnectionImpl and add only their
// own calling conventions, so both run statements, report errors and cancel the same way.
// Internal to the project: not installed.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "common/error.hpp"
#include "engine/session.hpp"
#include "grammar/ast.hpp"
#include "lethe/lethe.hpp"

namespace lethe {

class DatabaseImpl {
 public:
  // Never throws for a bad file: the reason is kept in `error` / `error_code`.
  DatabaseImpl(const std::string& path, OpenMode mode);

  std::string path;
  std::unique_ptr<catalog::Catalog> catalog;
  std::string error;  // why the catalog could not be opened
  ErrorCode error_code = ErrorCode::Ok;
  std::mutex mutex;  // one statement at a time per database
};

class ConnectionImpl {
 public:
  explicit ConnectionImpl(DatabaseImpl& db) : database(db) {}

  // The failure every statement gets on a database that did not open.
  Result openFailure() const;
  // Runs one parsed statement under the database's lock; every failure (std::bad_alloc
  // included) comes back as a failed Result with its code. Does not clear `cancel`: a call
  // that starts statements clears it once (beginCall), so an interrupt between two
  // statements of one script still stops the script.
  Result run(const ast::Statement& statement);
  void beginCall() { cancel.store(false); }

  DatabaseImpl& database;
  engine::Settings settings;
  std::function<void(const Progress&)> progress;
  // Set by interrupt() from any thread, or a signal handler (a lock-free store); read by the
  // operators between batches.
  std::atomic<bool> cancel{false};
};

// The public code of an internal error, and its "Kind Error: message" text.
ErrorCode errorCodeOf(const Error& error);
Result failureOf(const Error& error);

}  // namespace lethe
