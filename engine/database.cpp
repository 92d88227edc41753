// Database and Connection: the public C++ embedding API, a thin layer over engine/core.hpp
// (which the C API in capi/ shares).
#include <chrono>
#include <new>

#include "engine/core.hpp"
#include "grammar/parser.hpp"

namespace lethe {

namespace {

std::string formatError(const Error& e) { return std::string(errorKindName(e.kind())) + ": " + e.what(); }

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// ErrorKind has one kind for everything about the catalog; an embedder needs to tell "retry
// later" from "wrong file" from "opened read-only". The finer code is read from the messages
// that catalog/ (and SQLite under it) and engine/dispatch.cpp write; tests/unit/capi pins each.
ErrorCode catalogErrorCode(const std::string& message) {
  if (contains(message, "database is locked") || contains(message, "database is busy") ||
      contains(message, "catalog busy"))
    return ErrorCode::Busy;
  if (contains(message, "newer than this Lethe") || contains(message, "cannot open catalog") ||
      contains(message, "open it once where it can be written"))
    return ErrorCode::CantOpen;
  if (contains(message, "is not a Lethe catalog") || contains(message, "is corrupt") ||
      contains(message, "malformed") || contains(message, "holds invalid JSON"))
    return ErrorCode::Corrupt;
  if (contains(message, "is read-only") || contains(message, "readonly database")) return ErrorCode::ReadOnly;
  return ErrorCode::Catalog;
}

}  // namespace

ErrorCode errorCodeOf(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::Syntax: return ErrorCode::Syntax;
    case ErrorKind::Binder: return ErrorCode::Binder;
    case ErrorKind::Catalog: return catalogErrorCode(error.what());
    case ErrorKind::Io: return ErrorCode::Io;
    case ErrorKind::Execution: return ErrorCode::Execution;
    case ErrorKind::Interrupted: return ErrorCode::Interrupted;
  }
  return ErrorCode::Execution;
}

Result failureOf(const Error& error) { return Result::failure(formatError(error), errorCodeOf(error)); }

DatabaseImpl::DatabaseImpl(const std::string& path_, OpenMode mode) : path(path_) {
  try {
    catalog = std::make_unique<catalog::Catalog>(path, mode == OpenMode::ReadOnly);
  } catch (const Error& e) {
    error = e.what();
    error_code = errorCodeOf(e);
    if (error_code == ErrorCode::Catalog) error_code = ErrorCode::CantOpen;
  } catch (const std::bad_alloc&) {
    error = "out of memory while opening the catalog";
    error_code = ErrorCode::NoMemory;
  } catch (const std::exception& e) {
    error = e.what();
    error_code = ErrorCode::CantOpen;
  }
}

Result ConnectionImpl::openFailure() const {
  return Result::failure("Catalog Error: " + database.error, database.error_code);
}

Result ConnectionImpl::run(const ast::Statement& statement) {
  if (!database.catalog) return openFailure();
  const auto start = std::chrono::steady_clock::now();
  Result result;
  engine::StartedRun started;
  std::unique_lock<std::mutex> lock(database.mutex, std::defer_lock);
  try {
    lock.lock();
    exec::ExecutionContext context;
    context.device = settings.device;
    context.threads = settings.threads;
    context.seed = static_cast<uint64_t>(settings.seed.value_or(0));
    context.cancel = &cancel;
    if (progress) {
      auto handler = progress;
      context.progress = [handler](const exec::Progress& p) { handler(Progress{p.op, p.done, p.total, p.detail}); };
    }
    // Connections of one database share its catalog handle: each brings its own busy timeout.
    if (settings.busy_timeout_ms) database.catalog->setBusyTimeout(*settings.busy_timeout_ms);
    engine::Session session{*database.catalog, settings, context, statement, engine::utcNow(),
                            engine::ExplainMode::None, &started};
    result = engine::runStatement(session, statement);
  } catch (const Error& e) {
    result = failureOf(e);
  } catch (const std::bad_alloc&) {
    result = Result::failure("Execution Error: out of memory", ErrorCode::NoMemory);
  } catch (const std::exception& e) {
    result = Result::failure(std::string("Execution Error: ") + e.what(), ErrorCode::Execution);
  }
  // The run log learns how the statement ended, still under the database's lock.
  if (lock.owns_lock()) engine::settleStartedRun(*database.catalog, started, result, engine::secondsSince(start));
  try {
    result.setStatement(statement.text);
    result.setSeconds(engine::secondsSince(start));
  } catch (const std::bad_alloc&) {
    return Result::failure("Execution Error: out of memory", ErrorCode::NoMemory);
  }
  return result;
}

Database::Database(const std::string& path, OpenMode mode) : impl_(std::make_unique<DatabaseImpl>(path, mode)) {}
Database::~Database() = default;
bool Database::ok() const { return impl_->catalog != nullptr; }
const std::string& Database::error() const { return impl_->error; }
const std::string& Database::path() const { return impl_->path; }
bool Database::readOnly() const { return impl_->catalog && impl_->catalog->readOnly(); }
ErrorCode Database::errorCode() const { return impl_->error_code; }

Connection::Connection(Database& database) : impl_(std::make_unique<ConnectionImpl>(*database.impl_)) {}
Connection::~Connection() = default;

void Connection::setProgressHandler(std::function<void(const Progress&)> handler) { impl_->progress = std::move(handler); }
void Connection::interrupt() { impl_->cancel = true; }

Result Connection::query(const std::string& text) {
  auto results = execute(text);
  if (results.empty()) return Result();
  return std::move(results.back());  // not a copy of every row
}

std::vector<Result> Connection::execute(const std::string& text, const std::function<void(const Result&)>& on_result) {
  std::vector<Result> results;
  auto finish = [&](Result result) {
    results.push_back(std::move(result));
    if (on_result) on_result(results.back());
  };
  if (!impl_->database.catalog) {
    finish(impl_->openFailure());
    return results;
  }
  std::vector<ast::Statement> statements;
  try {
    statements = grammar::parse(text);
  } catch (const Error& e) {
    finish(failureOf(e));
    return results;
  } catch (const std::exception&) {  // std::bad_alloc: nothing else leaves the parser
    finish(Result::failure("Execution Error: out of memory", ErrorCode::NoMemory));
    return results;
  }
  impl_->beginCall();
  for (const auto& statement : statements) {
    finish(impl_->run(statement));
    if (!results.back().ok()) break;
  }
  return results;
}

}  // namespace lethe
