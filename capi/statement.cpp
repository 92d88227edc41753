// The statement half of the C API (lethe.h): prepare, step, reset, finalize and the column
// accessors. A statement is parsed by lethe_prepare and runs on its first lethe_step; the
// result table is then read row by row.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "capi/handles.hpp"
#include "grammar/parser.hpp"

using lethe::capi::fail;
using lethe::capi::guarded;
using lethe::capi::isLive;
using lethe::capi::succeed;

namespace {

// The shortest decimal form that reads back as the same double (CSV and JSON written from
// column text round-trip exactly). std::to_chars: several times faster than printf's %.17g.
std::string realText(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Inf" : "-Inf";
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  return std::string(buffer, end);
}

// The current row's cell, or null when there is no row or no such column.
const lethe::Value* cell(lethe_stmt* stmt, int column) {
  if (!isLive(stmt) || stmt->state != lethe_stmt::State::Rows || column < 0) return nullptr;
  const auto& row = stmt->result.rows()[stmt->row];
  return static_cast<size_t>(column) < row.size() ? &row[column] : nullptr;
}

int64_t realToInt64(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
  if (v <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

// Moves to the next row (the first after the statement ran).
int advance(lethe_stmt* stmt, bool first) {
  stmt->row = first ? 0 : stmt->row + 1;
  if (stmt->row < stmt->result.rowCount()) {
    stmt->state = lethe_stmt::State::Rows;
    return succeed(stmt->db, LETHE_ROW);
  }
  stmt->state = lethe_stmt::State::Finished;
  stmt->finished_code = LETHE_DONE;
  return succeed(stmt->db, LETHE_DONE);
}

// The first step: runs the statement.
int execute(lethe_stmt* stmt) {
  lethe_db* db = stmt->db;
  if (!db->connection || !db->database->catalog) return fail(db, db->open_code, db->open_error);
  db->connection->beginCall();
  stmt->result = db->connection->run(stmt->statement);
  if (!stmt->result.ok()) {
    stmt->state = lethe_stmt::State::Finished;
    stmt->finished_code = lethe::capi::codeOf(stmt->result.errorCode());
    return fail(db, stmt->finished_code, stmt->result.error());
  }
  return advance(stmt, /*first=*/true);
}

}  // namespace

extern "C" {

int lethe_prepare(lethe_db* db, const char* sql, int nbyte, lethe_stmt** out, const char** tail) {
  if (out) *out = nullptr;
  if (tail) *tail = sql;
  if (!isLive(db)) return LETHE_MISUSE;
  if (!sql) return fail(db, LETHE_MISUSE, "lethe_prepare: sql is NULL");
  if (!out) return fail(db, LETHE_MISUSE, "lethe_prepare: the statement out-pointer is NULL");
  return guarded(db, [&] {
    if (!db->connection || !db->database->catalog) return fail(db, db->open_code, db->open_error);
    const size_t length = nbyte < 0 ? std::strlen(sql) : strnlen(sql, static_cast<size_t>(nbyte));
    const std::string text(sql, length);
    const lethe::grammar::StatementSpan span = lethe::grammar::firstStatement(text);
    if (span.begin == span.end) {  // only whitespace, comments and ';' ...
      lethe::grammar::parse(text);  // ... or characters the lexer skipped: parse() reports them
      if (tail) *tail = sql + length;
      return succeed(db);
    }
    // From the start of the text, so that a syntax error's line and column count from `sql`
    // (what comes before the statement is whitespace, comments and empty statements).
    std::vector<lethe::ast::Statement> statements;
    if (span.terminated && span.end == text.size()) {
      statements = lethe::grammar::parse(text);  // one statement, the usual case: no copy
    } else {
      std::string piece = text.substr(0, span.end);
      if (!span.terminated) piece += "\n;";  // the final ';' may be left out, as in sqlite3_prepare
      statements = lethe::grammar::parse(piece);
    }
    if (statements.empty()) {
      if (tail) *tail = sql + span.end;
      return succeed(db);
    }
    db->statements.reserve(db->statements.size() + 1);  // so the push_back below cannot throw
    lethe_stmt* stmt = lethe::capi::acquireStatement();
    stmt->db = db;
    stmt->statement = std::move(statements.front());
    db->statements.push_back(stmt);
    *out = stmt;
    if (tail) *tail = sql + span.end;
    return succeed(db);
  });
}

int lethe_step(lethe_stmt* stmt) {
  if (!isLive(stmt)) return LETHE_MISUSE;
  lethe_db* db = stmt->db;
  return guarded(db, [&] {
    switch (stmt->state) {
      case lethe_stmt::State::Ready: return execute(stmt);
      case lethe_stmt::State::Rows: return advance(stmt, /*first=*/false);
      case lethe_stmt::State::Finished: break;
    }
    // Past the end: the same outcome again (an error keeps its message), never a second run.
    if (stmt->finished_code == LETHE_DONE) return succeed(db, LETHE_DONE);
    return fail(db, stmt->finished_code, stmt->result.error());
  });
}

int lethe_reset(lethe_stmt* stmt) {
  if (!isLive(stmt)) return LETHE_MISUSE;
  stmt->state = lethe_stmt::State::Ready;
  stmt->finished_code = LETHE_DONE;
  stmt->result = lethe::Result();
  stmt->texts.clear();
  stmt->texts_row = SIZE_MAX;
  stmt->row = 0;
  return succeed(stmt->db);
}

int lethe_finalize(lethe_stmt* stmt) {
  if (!stmt) return LETHE_OK;
  if (!isLive(stmt)) return LETHE_MISUSE;
  auto& open = stmt->db->statements;
  open.erase(std::remove(open.begin(), open.end(), stmt), open.end());
  lethe::capi::releaseStatement(stmt);
  return LETHE_OK;
}

int lethe_column_count(lethe_stmt* stmt) {
  if (!isLive(stmt)) return 0;
  return static_cast<int>(stmt->result.columns().size());
}

const char* lethe_column_name(lethe_stmt* stmt, int column) {
  if (!isLive(stmt) || column < 0) return nullptr;
  const auto& columns = stmt->result.columns();
  return static_cast<size_t>(column) < columns.size() ? columns[column].c_str() : nullptr;
}

int lethe_column_type(lethe_stmt* stmt, int column) {
  const lethe::Value* value = cell(stmt, column);
  if (!value || value->isNull()) return LETHE_NULL;
  if (value->isInteger()) return LETHE_INTEGER;
  if (value->isReal()) return LETHE_FLOAT;
  return LETHE_TEXT;
}

const char* lethe_column_text(lethe_stmt* stmt, int column) {
  const lethe::Value* value = cell(stmt, column);
  if (!value || value->isNull()) return nullptr;
  if (value->isText()) return value->text().c_str();
  try {
    if (stmt->texts_row != stmt->row) {  // the first number read as text on this row
      stmt->texts.assign(stmt->result.columns().size(), std::nullopt);
      stmt->texts_row = stmt->row;
    }
    auto& text = stmt->texts[column];
    if (!text) text = value->isInteger() ? std::to_string(value->integer()) : realText(value->real());
    return text->c_str();
  } catch (...) {
    lethe::capi::fail(stmt->db, LETHE_NOMEM, "out of memory");
    return nullptr;
  }
}

double lethe_column_double(lethe_stmt* stmt, int column) {
  const lethe::Value* value = cell(stmt, column);
  if (!value || value->isNull()) return 0.0;
  if (value->isInteger() || value->isReal()) return value->real();
  return std::strtod(value->text().c_str(), nullptr);
}

int64_t lethe_column_int64(lethe_stmt* stmt, int column) {
  const lethe::Value* value = cell(stmt, column);
  if (!value || value->isNull()) return 0;
  if (value->isInteger()) return value->integer();
  if (value->isReal()) return realToInt64(value->real());
  const char* text = value->text().c_str();
  char* end = nullptr;
  errno = 0;
  const long long parsed = std::strtoll(text, &end, 10);
  // "3.7" or "1e3": the leading number as a real, as SQLite reads text in an integer context.
  if (end && (*end == '.' || *end == 'e' || *end == 'E')) return realToInt64(std::strtod(text, nullptr));
  return static_cast<int64_t>(parsed);
}

}  // extern "C"
