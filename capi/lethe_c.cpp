// The connection half of the C API (lethe.h): open, close, exec, errors, interrupt,
// progress, version. Every function catches everything: no C++ exception reaches C.
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "capi/handles.hpp"

using lethe::capi::fail;
using lethe::capi::guarded;
using lethe::capi::isLive;
using lethe::capi::succeed;

// lethe_interrupt may run in a signal handler: the flag it sets must be a lock-free atomic.
static_assert(std::atomic<bool>::is_always_lock_free, "lethe_interrupt needs a lock-free atomic flag");

namespace {

constexpr int kOpenFlags = LETHE_OPEN_READONLY | LETHE_OPEN_READWRITE | LETHE_OPEN_CREATE;

bool isMemory(const std::string& path) { return path.empty() || path == ":memory:"; }

bool missing(const std::string& path) {
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  return !exists && !error;  // a path that cannot even be stated is the catalog's to report
}

// Opens what `flags` asks for into `db`; returns the code.
int openInto(lethe_db* db, const std::string& path, int flags) {
  const bool read_only = (flags & LETHE_OPEN_READONLY) != 0;
  if (!isMemory(path) && !(flags & LETHE_OPEN_CREATE) && missing(path)) {
    db->open_code = LETHE_CANTOPEN;
    db->open_error = "Catalog Error: cannot open catalog '" + path + "': it does not exist" +
                     (read_only ? "" : " (LETHE_OPEN_CREATE creates it)");
    return fail(db, db->open_code, db->open_error);
  }
  db->database = std::make_unique<lethe::DatabaseImpl>(path, read_only ? lethe::OpenMode::ReadOnly
                                                                       : lethe::OpenMode::ReadWrite);
  db->connection = std::make_unique<lethe::ConnectionImpl>(*db->database);
  if (!db->database->catalog) {
    db->open_code = lethe::capi::codeOf(db->database->error_code);
    db->open_error = db->connection->openFailure().error();
    return fail(db, db->open_code, db->open_error);
  }
  return succeed(db);
}

char* copyMessage(const char* text) {
  const size_t size = std::strlen(text) + 1;
  char* copy = static_cast<char*>(std::malloc(size));
  if (copy) std::memcpy(copy, text, size);
  return copy;
}

// lethe_exec's failure: the code, and a copy of the message for the caller.
int execFailure(lethe_db* db, int code, char** errmsg) {
  if (errmsg) *errmsg = copyMessage(lethe_errmsg(db));
  return code;
}

// Runs one prepared statement to its end, handing each row to the callback.
int execStatement(lethe_db* db, lethe_stmt* stmt, lethe_callback callback, void* arg) {
  std::vector<char*> names;
  std::vector<char*> values;
  int rc;
  while ((rc = lethe_step(stmt)) == LETHE_ROW) {
    if (!callback) continue;
    const int count = lethe_column_count(stmt);
    if (names.empty() && count > 0) {
      for (int c = 0; c < count; ++c) names.push_back(const_cast<char*>(lethe_column_name(stmt, c)));
      values.resize(names.size());
    }
    for (int c = 0; c < count; ++c) values[c] = const_cast<char*>(lethe_column_text(stmt, c));
    if (callback(arg, count, values.data(), names.data()) != 0)
      return fail(db, LETHE_ABORT, "lethe_exec: the callback returned nonzero (query aborted)");
  }
  return rc == LETHE_DONE ? LETHE_OK : rc;
}

}  // namespace

extern "C" {

const char* lethe_libversion(void) { return LETHE_VERSION_STRING; }

int lethe_open(const char* path, lethe_db** db) {
  return lethe_open_v2(path, db, LETHE_OPEN_READWRITE | LETHE_OPEN_CREATE);
}

int lethe_open_v2(const char* path, lethe_db** out, int flags) {
  if (!out) return LETHE_MISUSE;
  *out = nullptr;
  const bool read_only = (flags & LETHE_OPEN_READONLY) != 0;
  const bool read_write = (flags & LETHE_OPEN_READWRITE) != 0;
  if (!path || (flags & ~kOpenFlags) || read_only == read_write || (read_only && (flags & LETHE_OPEN_CREATE)))
    return LETHE_MISUSE;
  lethe_db* db = nullptr;
  try {
    db = lethe::capi::acquireDatabase();
  } catch (...) {
    return LETHE_NOMEM;
  }
  *out = db;  // set even when opening fails, as sqlite3_open does: lethe_errmsg says why
  return guarded(db, [&] { return openInto(db, path, flags); });
}

int lethe_close(lethe_db* db) {
  if (!db) return LETHE_OK;
  if (!isLive(db)) return LETHE_MISUSE;
  for (lethe_stmt* stmt : db->statements) lethe::capi::releaseStatement(stmt);
  lethe::capi::releaseDatabase(db);
  return LETHE_OK;
}

int lethe_exec(lethe_db* db, const char* sql, lethe_callback callback, void* arg, char** errmsg) {
  if (errmsg) *errmsg = nullptr;
  if (!isLive(db)) return LETHE_MISUSE;
  if (!sql) return execFailure(db, fail(db, LETHE_MISUSE, "lethe_exec: sql is NULL"), errmsg);
  const int rc = guarded(db, [&] {
    const char* rest = sql;
    while (*rest) {
      lethe_stmt* stmt = nullptr;
      int code = lethe_prepare(db, rest, -1, &stmt, &rest);
      if (code != LETHE_OK || !stmt) return code;
      code = execStatement(db, stmt, callback, arg);
      lethe_finalize(stmt);
      if (code != LETHE_OK) return code;
    }
    return succeed(db);
  });
  return rc == LETHE_OK ? rc : execFailure(db, rc, errmsg);
}

void lethe_free(void* p) { std::free(p); }

int lethe_errcode(lethe_db* db) { return isLive(db) ? db->errcode : LETHE_MISUSE; }

const char* lethe_errmsg(lethe_db* db) {
  if (!isLive(db)) return "bad parameter or other API misuse: not an open lethe_db";
  return db->errmsg.empty() ? lethe_errstr(db->errcode) : db->errmsg.c_str();
}

const char* lethe_errstr(int code) {
  switch (code) {
    case LETHE_OK: return "not an error";
    case LETHE_ERROR: return "catalog error";
    case LETHE_SYNTAX: return "syntax error";
    case LETHE_BINDER: return "binder error (unknown name, bad option or value)";
    case LETHE_EXECUTION: return "execution error";
    case LETHE_BUSY: return "catalog busy (locked by another process)";
    case LETHE_INTERRUPTED: return "interrupted";
    case LETHE_NOMEM: return "out of memory";
    case LETHE_READONLY: return "attempt to write a read-only catalog";
    case LETHE_IO: return "I/O error on a file outside the catalog";
    case LETHE_CORRUPT: return "not a Lethe catalog, or a damaged one";
    case LETHE_CANTOPEN: return "unable to open the catalog";
    case LETHE_MISUSE: return "bad parameter or other API misuse";
    case LETHE_ABORT: return "query aborted by the callback";
    case LETHE_ROW: return "another row available";
    case LETHE_DONE: return "no more rows available";
  }
  return "unknown error code";
}

void lethe_interrupt(lethe_db* db) {
  // No lock (a signal handler must not take one): the magic number of a handle that is never
  // freed, then a lock-free atomic store.
  if (isLive(db) && db->connection) db->connection->cancel.store(true);
}

int lethe_progress_handler(lethe_db* db, lethe_progress_callback callback, void* arg) {
  if (!isLive(db)) return LETHE_MISUSE;
  return guarded(db, [&] {
    if (!db->connection) return succeed(db);  // nothing will run on a catalog that did not open
    if (!callback) {
      db->connection->progress = nullptr;
      return succeed(db);
    }
    std::atomic<bool>* cancel = &db->connection->cancel;
    db->connection->progress = [callback, arg, cancel](const lethe::Progress& p) {
      if (callback(arg, p.op.c_str(), p.done, p.total) != 0) cancel->store(true);
    };
    return succeed(db);
  });
}

}  // extern "C"
