// Database and Connection: the public embedding API over the catalog and the runners.
#include <chrono>
#include <mutex>

#include "common/error.hpp"
#include "engine/session.hpp"
#include "grammar/parser.hpp"

namespace lethe {

class DatabaseImpl {
 public:
  std::string path;
  std::unique_ptr<catalog::Catalog> catalog;
  std::string error;
  std::mutex mutex;  // one statement at a time per database
};

class ConnectionImpl {
 public:
  explicit ConnectionImpl(DatabaseImpl& db) : database(db) {}
  DatabaseImpl& database;
  engine::Settings settings;
  std::function<void(const Progress&)> progress;
  std::atomic<bool> cancel{false};
};

Database::Database(const std::string& path, OpenMode mode) : impl_(std::make_unique<DatabaseImpl>()) {
  impl_->path = path;
  try {
    impl_->catalog = std::make_unique<catalog::Catalog>(path, mode == OpenMode::ReadOnly);
  } catch (const std::exception& e) {
    impl_->error = e.what();
  }
}

Database::~Database() = default;
bool Database::ok() const { return impl_->catalog != nullptr; }
const std::string& Database::error() const { return impl_->error; }
const std::string& Database::path() const { return impl_->path; }
bool Database::readOnly() const { return impl_->catalog && impl_->catalog->readOnly(); }

Connection::Connection(Database& database) : impl_(std::make_unique<ConnectionImpl>(*database.impl_)) {}
Connection::~Connection() = default;

void Connection::setProgressHandler(std::function<void(const Progress&)> handler) { impl_->progress = std::move(handler); }
void Connection::interrupt() { impl_->cancel = true; }

Result Connection::query(const std::string& text) {
  auto results = execute(text);
  if (results.empty()) return Result();
  return results.back();
}

namespace {

std::string formatError(const Error& e) { return std::string(errorKindName(e.kind())) + ": " + e.what(); }

}  // namespace

std::vector<Result> Connection::execute(const std::string& text, const std::function<void(const Result&)>& on_result) {
  std::vector<Result> results;
  auto& db = impl_->database;
  if (!db.catalog) {
    results.push_back(Result::failure("Catalog Error: " + db.error));
    if (on_result) on_result(results.back());
    return results;
  }
  std::vector<ast::Statement> statements;
  try {
    statements = grammar::parse(text);
  } catch (const Error& e) {
    results.push_back(Result::failure(formatError(e)));
    if (on_result) on_result(results.back());
    return results;
  }

  std::lock_guard<std::mutex> lock(db.mutex);
  impl_->cancel = false;
  for (const auto& statement : statements) {
    exec::ExecutionContext context;
    context.device = impl_->settings.device;
    context.threads = impl_->settings.threads;
    context.seed = static_cast<uint64_t>(impl_->settings.seed.value_or(0));
    context.cancel = &impl_->cancel;
    if (impl_->progress) {
      auto handler = impl_->progress;
      context.progress = [handler](const exec::Progress& p) { handler(Progress{p.op, p.done, p.total, p.detail}); };
    }
    engine::Session session{*db.catalog, impl_->settings, context, statement, engine::utcNow()};
    const auto start = std::chrono::steady_clock::now();
    Result result;
    try {
      result = engine::runStatement(session, statement);
    } catch (const Error& e) {
      result = Result::failure(formatError(e));
    } catch (const std::exception& e) {
      result = Result::failure(std::string("Execution Error: ") + e.what());
    }
    result.setStatement(statement.text);
    result.setSeconds(engine::secondsSince(start));
    results.push_back(std::move(result));
    if (on_result) on_result(results.back());
    if (!results.back().ok()) break;
  }
  return results;
}

}  // namespace lethe
