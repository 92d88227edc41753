#pragma once
// What lethe_db and lethe_stmt are, the registry that tells a live handle from a stale one,
// and how a failure becomes the connection's error code and message. Internal to capi/.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core.hpp"
#include "lethe/lethe.h"

struct lethe_db {
  static constexpr uint32_t kMagic = 0x4c455448;  // "LETH": lethe_interrupt's only check (no lock)
  uint32_t magic = kMagic;
  // Null when the catalog did not open; `open_code` / `open_error` then say why, and every
  // statement on this handle fails with them.
  std::unique_ptr<lethe::DatabaseImpl> database;
  std::unique_ptr<lethe::ConnectionImpl> connection;
  int open_code = LETHE_OK;
  std::string open_error;
  int errcode = LETHE_OK;  // the last call's outcome (lethe_errcode / lethe_errmsg)
  std::string errmsg;
  std::vector<lethe_stmt*> statements;  // still open; lethe_close finalizes them
};

struct lethe_stmt {
  enum class State { Ready, Rows, Finished };

  lethe_db* db = nullptr;
  lethe::ast::Statement statement;
  State state = State::Ready;
  int finished_code = LETHE_DONE;  // what a step after the end returns: LETHE_DONE or the error
  lethe::Result result;
  size_t row = 0;  // the current row while state == Rows
  // Text of the current row's cells, made on demand so lethe_column_text's pointer lives
  // until the next step.
  std::vector<std::optional<std::string>> texts;
};

namespace lethe::capi {

enum class HandleKind { Database, Statement };

// The registry of live handles (one mutex; handles are few and the checks short).
void registerHandle(const void* handle, HandleKind kind);  // may throw std::bad_alloc
void unregisterHandle(const void* handle);
bool isLive(const void* handle, HandleKind kind);
inline bool isLive(const lethe_db* db) { return db && isLive(db, HandleKind::Database); }
inline bool isLive(const lethe_stmt* stmt) { return stmt && isLive(stmt, HandleKind::Statement); }

// The C code of an engine error code.
int codeOf(ErrorCode code);
// Records the outcome on the connection and returns `code`; never throws (a message that
// cannot be stored falls back to lethe_errstr(code)).
int fail(lethe_db* db, int code, const std::string& message) noexcept;
int fail(lethe_db* db, int code, const char* message) noexcept;
int succeed(lethe_db* db, int code = LETHE_OK) noexcept;

// Runs `body` with every exception turned into a code on `db`: nothing crosses the C boundary.
template <class Body>
int guarded(lethe_db* db, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(db, LETHE_NOMEM, "out of memory");
  } catch (const Error& e) {
    return fail(db, codeOf(errorCodeOf(e)), std::string(errorKindName(e.kind())) + ": " + e.what());
  } catch (const std::exception& e) {
    return fail(db, LETHE_ERROR, e.what());
  } catch (...) {
    return fail(db, LETHE_ERROR, "unknown failure");
  }
}

}  // namespace lethe::capi
