#pragma once
// The one exception type used inside Lethe. It never crosses the public API:
// engine/ catches it and turns it into Result::error().
#include <stdexcept>
#include <string>

namespace lethe {

enum class ErrorKind {
  Syntax,      // the text does not parse
  Binder,      // names, options, values that do not resolve or are out of range
  Catalog,     // the catalog file or its contents
  Io,          // files outside the catalog (datasets, scripts)
  Execution,   // a failure while an operator runs
  Interrupted  // the statement was cancelled
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline const char* errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Syntax: return "Syntax Error";
    case ErrorKind::Binder: return "Binder Error";
    case ErrorKind::Catalog: return "Catalog Error";
    case ErrorKind::Io: return "IO Error";
    case ErrorKind::Execution: return "Execution Error";
    case ErrorKind::Interrupted: return "Interrupted";
  }
  return "Error";
}

}  // namespace lethe
