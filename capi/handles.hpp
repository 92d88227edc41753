#pragma once
// What lethe_db and lethe_stmt are, how a live handle is told from a stale one, and how a
// failure becomes the connection's error code and message. Internal to capi/.
//
// Stale handles: a closed lethe_db or finalized lethe_stmt is not freed but emptied, marked
// with a "dead" magic number and kept in a pool for the next open / prepare. Every call checks
// the magic number, so passing a finalized handle again reads memory that is still ours
// (LETHE_MISUSE, not a use after free) — without a lock, which matters for lethe_interrupt in
// a signal handler and for the column accessors called once per cell. The pools hold at most
// as many handles as were ever open at once.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core.hpp"
#include "lethe/lethe.h"

struct lethe_db {
  static constexpr uint32_t kOpen = 0x4c455448;  // "LETH"
  static constexpr uint32_t kClosed = 0xdeadbeef;
  // Atomic: lethe_interrupt reads it from other threads and signal handlers.
  std::atomic<uint32_t> magic{kClosed};
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
  static constexpr uint32_t kPrepared = 0x53544d54;  // "STMT"
  static constexpr uint32_t kFinalized = 0xdeadbeef;

  uint32_t magic = kFinalized;
  lethe_db* db = nullptr;
  lethe::ast::Statement statement;
  State state = State::Ready;
  int finished_code = LETHE_DONE;  // what a step after the end returns: LETHE_DONE or the error
  lethe::Result result;
  size_t row = 0;  // the current row while state == Rows
  // Text of the current row's numbers, made on demand so lethe_column_text's pointer lives
  // until the next step; `texts_row` says which row they belong to (cleared lazily, so a step
  // over rows nobody reads as text costs nothing).
  std::vector<std::optional<std::string>> texts;
  size_t texts_row = SIZE_MAX;
};

namespace lethe::capi {

// Handles come from and go back to the pools (see the top of this file). acquire may throw
// std::bad_alloc; it returns a live handle. release empties it and marks it dead.
lethe_db* acquireDatabase();
void releaseDatabase(lethe_db* db) noexcept;
lethe_stmt* acquireStatement();
void releaseStatement(lethe_stmt* stmt) noexcept;

inline bool isLive(const lethe_db* db) { return db && db->magic.load(std::memory_order_relaxed) == lethe_db::kOpen; }
inline bool isLive(const lethe_stmt* stmt) { return stmt && stmt->magic == lethe_stmt::kPrepared; }

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
