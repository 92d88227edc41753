#pragma once
// Lethe's embedding API.
//
//   lethe::Database db("catalog.db");      // or ":memory:"
//   lethe::Connection con(db);
//   lethe::Result r = con.query("SHOW MODELS;");
//   if (!r.ok()) std::cerr << r.error() << "\n";
//   for (const auto& row : r.rows()) ...
//
// No exception crosses this boundary: failures come back as Result::error().
// Torch-free: including this header costs nothing.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lethe {

// One cell of a result: NULL, an integer, a real or text.
class Value {
 public:
  Value() = default;
  Value(int64_t v) : data_(v) {}
  Value(int v) : data_(static_cast<int64_t>(v)) {}
  Value(double v) : data_(v) {}
  Value(std::string v) : data_(std::move(v)) {}
  Value(const char* v) : data_(std::string(v)) {}

  bool isNull() const { return std::holds_alternative<std::monostate>(data_); }
  bool isInteger() const { return std::holds_alternative<int64_t>(data_); }
  bool isReal() const { return std::holds_alternative<double>(data_); }
  bool isText() const { return std::holds_alternative<std::string>(data_); }
  int64_t integer() const { return std::get<int64_t>(data_); }
  double real() const { return isInteger() ? static_cast<double>(integer()) : std::get<double>(data_); }
  const std::string& text() const { return std::get<std::string>(data_); }
  // Display form: NULL, 42, 93.51 (reals with two decimals), text as is.
  std::string toString() const;

 private:
  std::variant<std::monostate, int64_t, double, std::string> data_;
};

// What kind of failure a Result holds, for a program that reacts to it (retry when Busy,
// reopen read-write when ReadOnly, ...). The C API's codes (lethe.h) map one to one.
enum class ErrorCode {
  Ok,
  Syntax,       // the text does not parse
  Binder,       // a name, option or value does not resolve or is out of range
  Catalog,      // the catalog refused or failed an operation (none of the finer codes below)
  Io,           // a file outside the catalog (dataset, script, export target)
  Execution,    // an operator failed while running
  Interrupted,  // Connection::interrupt() stopped the statement
  Busy,         // another process holds the catalog's write lock past the busy timeout
  ReadOnly,     // the statement would write to a catalog opened (or only openable) read-only
  Corrupt,      // the file is not a Lethe catalog, or its contents are damaged
  CantOpen,     // the catalog cannot be opened (missing directory, newer schema, ...)
  NoMemory      // an allocation failed
};

class Result {
 public:
  Result() = default;
  static Result failure(std::string message, ErrorCode code = ErrorCode::Execution);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // ErrorCode::Ok when ok(), otherwise what kind of failure error() describes.
  ErrorCode errorCode() const { return ok() ? ErrorCode::Ok : code_; }
  const std::vector<std::string>& columns() const { return columns_; }
  const std::vector<std::vector<Value>>& rows() const { return rows_; }
  size_t rowCount() const { return rows_.size(); }
  // The cell at (row, column name); throws std::out_of_range for an unknown column.
  const Value& at(size_t row, const std::string& column) const;
  const std::string& statement() const { return statement_; }
  double seconds() const { return seconds_; }

  // Used by the engine to build results.
  void setColumns(std::vector<std::string> columns) { columns_ = std::move(columns); }
  void addRow(std::vector<Value> row) { rows_.push_back(std::move(row)); }
  void setStatement(std::string text) { statement_ = std::move(text); }
  void setSeconds(double seconds) { seconds_ = seconds; }

 private:
  std::string error_;
  ErrorCode code_ = ErrorCode::Ok;
  std::vector<std::string> columns_;
  std::vector<std::vector<Value>> rows_;
  std::string statement_;
  double seconds_ = 0.0;
};

// Progress of a long operator (training, saliency, unlearning, evaluation).
struct Progress {
  std::string op;
  int64_t done = 0;
  int64_t total = 0;
  std::string detail;
};

class DatabaseImpl;

// How a catalog file is opened. ReadOnly: every statement that reads works, one that would
// write is refused before it computes anything. A catalog whose file or directory cannot be
// written is opened ReadOnly whatever is asked.
enum class OpenMode { ReadWrite, ReadOnly };

// One catalog file. Opening never throws: a bad file makes every query fail with the reason.
class Database {
 public:
  explicit Database(const std::string& path = ":memory:", OpenMode mode = OpenMode::ReadWrite);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  bool ok() const;
  const std::string& error() const;  // why the catalog could not be opened
  const std::string& path() const;
  bool readOnly() const;
  // ErrorCode::Ok when the catalog opened, otherwise why not (CantOpen, Corrupt, Busy, ...).
  ErrorCode errorCode() const;

 private:
  friend class Connection;
  std::unique_ptr<DatabaseImpl> impl_;
};

class ConnectionImpl;

// A session on a database: settings (device, threads, seed) and statement execution.
class Connection {
 public:
  explicit Connection(Database& database);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs every statement in `text`; returns the last statement's result, or the first error.
  Result query(const std::string& text);
  // Runs every statement, returning one result per statement run; stops after the first error
  // (which is then the last element). `on_result`, when given, sees each result as soon as its
  // statement finishes (a shell prints as it goes).
  std::vector<Result> execute(const std::string& text,
                              const std::function<void(const Result&)>& on_result = {});

  void setProgressHandler(std::function<void(const Progress&)> handler);
  // Asks the running statement to stop at the next batch (callable from another thread).
  void interrupt();

 private:
  std::unique_ptr<ConnectionImpl> impl_;
};

}  // namespace lethe
