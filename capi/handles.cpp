// The registry of live handles and the connection's error state.
#include "capi/handles.hpp"

#include <mutex>
#include <unordered_map>

namespace lethe::capi {

namespace {

struct Registry {
  std::mutex mutex;
  std::unordered_map<const void*, HandleKind> live;
};

// Never destroyed: a handle closed from a static destructor of the host program must still
// find the registry.
Registry& registry() {
  static Registry* instance = new Registry();
  return *instance;
}

}  // namespace

void registerHandle(const void* handle, HandleKind kind) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.live[handle] = kind;
}

void unregisterHandle(const void* handle) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.live.erase(handle);
}

bool isLive(const void* handle, HandleKind kind) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.live.find(handle);
  return it != r.live.end() && it->second == kind;
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
