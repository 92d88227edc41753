#include "shell/shell.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "grammar/parser.hpp"
#include "shell/renderer.hpp"

namespace lethe::shell {

Shell::Shell(Connection& connection, std::ostream& out, std::ostream& err)
    : connection_(connection), out_(out), err_(err) {}

void Shell::setShowProgress(bool on) {
  if (!on) {
    connection_.setProgressHandler({});
    return;
  }
  // One line on stderr, rewritten in place; cleared before the result is printed.
  connection_.setProgressHandler([this](const Progress& p) {
    std::string line = "[" + p.op + "] ";
    if (p.total > 0) line += std::to_string(100 * p.done / p.total) + "% ";
    line += p.detail;
    err_ << "\r\033[K" << line << std::flush;
    progress_line_open_ = true;
  });
}

void Shell::printResult(const Result& result) {
  if (progress_line_open_) {
    err_ << "\r\033[K" << std::flush;
    progress_line_open_ = false;
  }
  if (!result.ok()) {
    err_ << result.error() << "\n";
    return;
  }
  renderTable(result, out_);
  if (timer_) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "Run Time: %.3f s\n", result.seconds());
    out_ << buffer;
  }
  out_.flush();
}

bool Shell::runSql(const std::string& text, size_t first_line) {
  // Leading newlines keep the parser's line numbers equal to the file's.
  const std::string padded = std::string(first_line > 0 ? first_line - 1 : 0, '\n') + text;
  bool ok = true;
  connection_.execute(padded, [&](const Result& r) {
    printResult(r);
    ok = ok && r.ok();
  });
  return ok;
}

namespace {

std::vector<std::string> splitWords(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

bool isBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

bool Shell::runDotCommand(const std::string& line) {
  auto words = splitWords(line);
  if (words.empty()) return true;
  const std::string name = words.front();
  words.erase(words.begin());
  for (const auto& command : dotCommands()) {
    if (command.name == name) return command.run(*this, words);
  }
  err_ << "Error: unknown command '" << name << "'. Type .help for the list.\n";
  return false;
}

bool Shell::runScript(std::istream& in) {
  std::string buffer;
  size_t line_number = 0, buffer_start = 1;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (isBlank(buffer) && !line.empty() && line[0] == '.') {
      buffer.clear();
      if (!runDotCommand(line)) return false;
      if (quit_) return true;
      continue;
    }
    if (isBlank(buffer)) {
      buffer.clear();
      buffer_start = line_number;
    }
    buffer += line + "\n";
    if (grammar::isComplete(buffer)) {
      if (!runSql(buffer, buffer_start)) return false;
      buffer.clear();
    }
  }
  // Leftover text: only comments run as nothing; an unterminated statement reports its error.
  if (!isBlank(buffer)) return runSql(buffer, buffer_start);
  return true;
}

bool Shell::runFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    err_ << "Error: cannot open '" << path << "'\n";
    return false;
  }
  return runScript(in);
}

}  // namespace lethe::shell
