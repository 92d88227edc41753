// The pools of handles, and the connection's error state.
#include "capi/handles.hpp"

#include <mutex>

namespace lethe::capi {

namespace {

// Emptied handles kept for reuse. Never destroyed: a handle closed from a static destructor
// of the host program must still find its pool, and the memory must stay ours.
template <class Handle>
class Pool {
 public:
  Handle* acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        Handle* handle = free_.back();
        free_.pop_back();
        return handle;
      }
      free_.reserve(++allocated_);  // so release never allocates
    }
    return new Handle();
  }

  void release(Handle* handle) noexcept {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(handle);  // capacity reserved by acquire
  }

 private:
  std::mutex mutex_;
  std::vector<Handle*> free_;
  size_t allocated_ = 0;
};

Pool<lethe_db>& databases() {
  static auto* pool = new Pool<lethe_db>();
  return *pool;
}

Pool<lethe_stmt>& statements() {
  static auto* pool = new Pool<lethe_stmt>();
  return *pool;
}

}  // namespace

lethe_db* acquireDatabase() {
  lethe_db* db = databases().acquire();
  db->magic.store(lethe_db::kOpen);
  return db;
}

void releaseDatabase(lethe_db* db) noexcept {
  db->magic.store(lethe_db::kClosed);  // first: lethe_interrupt stops looking at the connection
  db->connection.reset();
  db->database.reset();
  db->open_code = LETHE_OK;
  db->open_error.clear();
  db->errcode = LETHE_OK;
  db->errmsg.clear();
  db->statements.clear();
  databases().release(db);
}

lethe_stmt* acquireStatement() {
  lethe_stmt* stmt = statements().acquire();
  stmt->magic = lethe_stmt::kPrepared;
  return stmt;
}

void releaseStatement(lethe_stmt* stmt) noexcept {
  stmt->magic = lethe_stmt::kFinalized;
  stmt->db = nullptr;
  stmt->statement = ast::Statement();
  stmt->state = lethe_stmt::State::Ready;
  stmt->finished_code = LETHE_DONE;
  stmt->result = Result();
  stmt->row = 0;
  stmt->texts.clear();
  stmt->texts_row = SIZE_MAX;
  statements().release(stmt);
}

int codeOf(ErrorCode code) {
  switch (code) {
    case ErrorCode::Ok: return LETHE_OK;
    case ErrorCode::Syntax: return LETHE_SYNTAX;
    case ErrorCode::Binder: return LETHE_BINDER;
    case ErrorCode::Catalog: return LETHE_ERROR;
    case ErrorCode::Io: return LETHE_IO;
    case ErrorCode::Execution: return LETHE_EXECUTION;
    case ErrorCode::Interrupted: return LETHE_INTERRUPTED;
    case ErrorCode::Busy: return LETHE_BUSY;
    case ErrorCode::ReadOnly: return LETHE_READONLY;
    case ErrorCode::Corrupt: return LETHE_CORRUPT;
    case ErrorCode::CantOpen: return LETHE_CANTOPEN;
    case ErrorCode::NoMemory: return LETHE_NOMEM;
  }
  return LETHE_ERROR;
}

int fail(lethe_db* db, int code, const char* message) noexcept {
  if (!db) return code;
  db->errcode = code;
  try {
    db->errmsg = message ? message : "";
  } catch (...) {
    db->errmsg.clear();  // lethe_errmsg falls back to lethe_errstr(code)
  }
  return code;
}

int fail(lethe_db* db, int code, const std::string& message) noexcept { return fail(db, code, message.c_str()); }

int succeed(lethe_db* db, int code) noexcept {
  if (db) {
    db->errcode = LETHE_OK;
    db->errmsg.clear();
  }
  return code;
}

}  // namespace lethe::capi
