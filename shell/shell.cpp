#include "shell/shell.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "common/printable.hpp"
#include "common/suggest.hpp"
#include "grammar/keywords.hpp"
#include "grammar/parser.hpp"

namespace lethe::shell {

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

size_t terminalWidth() {
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

bool isBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string trimmed(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") + 1 - begin);
}

// Dot-command words: separated by blanks; '...' and "..." quote a word with blanks in it.
std::vector<std::string> splitWords(const std::string& line) {
  std::vector<std::string> words;
  for (size_t i = 0; i < line.size();) {
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n') {
      ++i;
      continue;
    }
    std::string word;
    if (line[i] == '\'' || line[i] == '"') {
      const char quote = line[i++];
      while (i < line.size() && line[i] != quote) word += line[i++];
      ++i;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n') word += line[i++];
    }
    words.push_back(word);
  }
  return words;
}

std::unique_ptr<std::ofstream> openForWriting(const std::string& path, std::string& why) {
  errno = 0;
  auto file = std::make_unique<std::ofstream>(path, std::ios::out | std::ios::trunc | std::ios::binary);
  if (*file) return file;
  why = errno ? std::strerror(errno) : "cannot be opened for writing";
  return nullptr;
}

}  // namespace

Shell::Shell(Connection& connection, std::ostream& out, std::ostream& err)
    : connection_(&connection), out_(out), err_(err) {}

Shell::~Shell() = default;

std::ostream& Shell::out() {
  if (once_file_) return *once_file_;
  if (output_file_) return *output_file_;
  return out_;
}

std::string Shell::outputName() const { return output_file_ ? output_name_ : "stdout"; }

bool Shell::setOutput(const std::string& path) {
  if (path.empty()) {
    output_file_.reset();
    output_name_.clear();
    return true;
  }
  auto file = openOutputFile(path);
  if (!file) return false;
  output_file_ = std::move(file);
  output_name_ = path;
  return true;
}

bool Shell::setOnce(const std::string& path) {
  auto file = openOutputFile(path);
  if (!file) return false;
  once_file_ = std::move(file);
  return true;
}

std::unique_ptr<std::ofstream> Shell::openOutputFile(const std::string& path) {
  std::string why;
  auto file = openForWriting(path, why);
  if (!file)
    err_ << "Error: cannot write to '" << printable(path) << "': " << why << "; output stays on " << outputName() << "\n";
  return file;
}

// .once lasts for one statement or command typed at the top (all of a .read file).
void Shell::closeOnce() {
  if (depth_ == 0) once_file_.reset();
}

void Shell::setCatalogName(const std::string& path, bool read_only) {
  catalog_name_ = path;
  catalog_read_only_ = read_only;
}

bool Shell::open(const std::string& path, bool read_only) {
  auto database = std::make_unique<Database>(path, read_only ? OpenMode::ReadOnly : OpenMode::ReadWrite);
  if (!database->ok()) {
    err_ << "Error: cannot open '" << printable(path) << "': " << database->error() << "\n";
    return false;
  }
  auto connection = std::make_unique<Connection>(*database);
  if (show_progress_) installProgress(*connection);
  connection_.store(connection.get());
  owned_connection_.swap(connection);
  owned_database_.swap(database);
  connection.reset();  // the previous connection before its database
  database.reset();
  setCatalogName(path, owned_database_->readOnly());
  names_stale_ = true;
  return true;
}

void Shell::handleInterrupt() {
  if (at_prompt_) {
    prompt_interrupted_ = true;
    return;
  }
  if (Connection* c = connection_.load()) c->interrupt();
}

void Shell::clearProgressLine() {
  if (!progress_line_open_) return;
  err_ << "\r\033[K" << std::flush;
  progress_line_open_ = false;
}

void Shell::installProgress(Connection& connection) {
  // One line on stderr, redrawn in place at most ten times a second (and whenever the phase
  // changes or ends); cleared before the result is printed.
  connection.setProgressHandler([this](const Progress& p) {
    const double t = now();
    const std::string line = meter_.update(p.op, p.done, p.total, p.detail, t, terminalWidth());
    const bool phase_changed = p.op != last_phase_;
    if (!phase_changed && !(p.total > 0 && p.done >= p.total) && t - last_draw_ < 0.1) return;
    last_phase_ = p.op;
    last_draw_ = t;
    err_ << "\r\033[K" << line << std::flush;
    progress_line_open_ = true;
  });
}

void Shell::setShowProgress(bool on) {
  show_progress_ = on;
  if (on) installProgress(connection());
  else connection().setProgressHandler({});
}

bool Shell::print(const Result& result) {
  clearProgressLine();
  if (!result.ok()) {
    // On a terminal, start the message at the line's beginning (after a "^C" echo, say).
    if (show_progress_) err_ << "\r\033[K";
    err_ << result.error() << "\n";
    return false;
  }
  std::ostream& o = out();
  // Line mode: a blank line between the rows of consecutive results too.
  if (mode_ == Mode::Line && result.rowCount() > 0 && !result.columns().empty()) {
    if (line_rows_printed_) o << "\n";
    line_rows_printed_ = true;
  }
  render(result, mode_, RenderOptions{headers_}, o);
  if (timer_ && !result.statement().empty()) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "Run Time: %.3f s\n", result.seconds());
    o << buffer;
  }
  o.flush();
  return true;
}

bool Shell::runSql(const std::string& text, size_t first_line) {
  if (echo_ && !isBlank(text)) out() << trimmed(text) << "\n";
  // Leading newlines keep the parser's line numbers equal to the file's.
  const std::string padded = std::string(first_line > 0 ? first_line - 1 : 0, '\n') + text;
  bool ok = true;
  meter_.reset(now());
  last_phase_.clear();
  last_draw_ = -1.0;
  ++depth_;
  connection().execute(padded, [&](const Result& r) { ok = print(r) && ok; });
  --depth_;
  clearProgressLine();
  closeOnce();
  names_stale_ = true;
  return ok;
}

bool Shell::runDotCommand(const std::string& line) {
  auto words = splitWords(line);
  if (words.empty()) return true;
  if (echo_) out() << trimmed(line) << "\n";
  const std::string name = words.front();
  words.erase(words.begin());
  for (const auto& command : dotCommands()) {
    if (command.name != name) continue;
    ++depth_;
    const bool ok = command.run(*this, words);
    --depth_;
    if (name != ".once") closeOnce();
    return ok;
  }
  std::vector<std::string> names;
  for (const auto& command : dotCommands()) names.push_back(command.name);
  std::string message = unknownNameMessage("command", name, names);
  if (message.find("Did you mean") == std::string::npos) message += ". Enter \".help\" for the list";
  err_ << "Error: " << message << "\n";
  closeOnce();
  return false;
}

bool Shell::runScript(std::istream& in) {
  std::string buffer;
  size_t line_number = 0, buffer_start = 1;
  bool ok = true;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (isBlank(buffer) && !line.empty() && line[0] == '.') {
      buffer.clear();
      if (!runDotCommand(line)) {
        ok = false;
        if (bail_) return false;
      }
      if (quit_) return ok;
      continue;
    }
    if (isBlank(buffer)) {
      buffer.clear();
      buffer_start = line_number;
    }
    buffer += line + "\n";
    if (grammar::isComplete(buffer)) {
      if (!runSql(buffer, buffer_start)) {
        ok = false;
        if (bail_) return false;
      }
      buffer.clear();
    }
  }
  // Leftover text: only comments run as nothing; an unterminated statement reports its error.
  if (!isBlank(buffer) && !runSql(buffer, buffer_start)) ok = false;
  return ok;
}

bool Shell::runFile(const std::string& path) {
  errno = 0;
  std::ifstream in(path);
  if (!in) {
    err_ << "Error: cannot open '" << printable(path) << "'" << (errno ? std::string(": ") + std::strerror(errno) : "")
         << "\n";
    return false;
  }
  return runScript(in);
}

const CompletionNames& Shell::completionNames() {
  if (names_.keywords.empty()) {
    names_.keywords = grammar::keywords();
    for (const auto& c : dotCommands()) names_.dot_commands.push_back(c.name);
    names_.modes = modeNames();
  }
  if (!names_stale_) return names_;
  names_stale_ = false;
  auto column = [this](const char* statement) {
    std::vector<std::string> out;
    const Result r = connection().query(statement);
    if (!r.ok()) return out;
    for (const auto& row : r.rows())
      if (!row.empty() && row[0].isText()) out.push_back(row[0].text());
    return out;
  };
  names_.models = column("SHOW MODELS;");
  names_.datasets = column("SHOW DATASETS;");
  names_.methods = column("SHOW METHODS;");
  names_.metrics = column("SHOW METRICS;");
  names_.archs = column("SHOW ARCHS;");
  return names_;
}

}  // namespace lethe::shell
