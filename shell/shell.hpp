#pragma once
// The `lethe` shell: SQL statements and dot commands against one connection, shared by the
// interactive REPL and batch mode (files, stdin, -c).
#include <atomic>
#include <fstream>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "lethe/lethe.hpp"
#include "shell/completion.hpp"
#include "shell/progress.hpp"
#include "shell/renderer.hpp"

namespace lethe::shell {

class Shell;

struct DotCommand {
  std::string name;   // ".read"
  std::string usage;  // ".read FILE"
  std::string help;
  // Returns false on an error (batch mode with .bail on then stops). Arguments may be quoted
  // with '...' or "...".
  std::function<bool(Shell&, const std::vector<std::string>& args)> run;
};

// The one table every dot command comes from (.help prints it, completion offers it).
const std::vector<DotCommand>& dotCommands();

class Shell {
 public:
  // `out` receives results (unless .output or .once send them to a file), `err` errors.
  Shell(Connection& connection, std::ostream& out, std::ostream& err);
  ~Shell();

  // Runs SQL text, printing each result as it arrives. `first_line` is the line the text
  // starts on in its file, so syntax errors report file line numbers. False on an error.
  bool runSql(const std::string& text, size_t first_line = 1);
  // Runs one dot-command line (".timer on"). False on an error or an unknown command.
  bool runDotCommand(const std::string& line);
  // Runs a script: statements and dot-command lines. With .bail on (the default) it stops at
  // the first error; with .bail off it goes on. False when anything failed.
  bool runScript(std::istream& in);
  bool runFile(const std::string& path);
  // Prints a result in the current mode (an error on `err`); false for an error.
  bool print(const Result& result);

  // Interactive loop with readline editing, completion and history; returns the exit code.
  int repl(const std::string& history_file);

  // Settings (.mode, .headers, .timer, .bail, .echo).
  Mode mode() const { return mode_; }
  void setMode(Mode mode) { mode_ = mode; }
  bool headers() const { return headers_; }
  void setHeaders(bool on) { headers_ = on; }
  bool timer() const { return timer_; }
  void setTimer(bool on) { timer_ = on; }
  bool bail() const { return bail_; }
  void setBail(bool on) { bail_ = on; }
  bool echo() const { return echo_; }
  void setEcho(bool on) { echo_ = on; }
  bool showProgress() const { return show_progress_; }
  // Progress lines on `err` (a terminal): phase, bar, percent, ETA, redrawn in place.
  void setShowProgress(bool on);

  bool quitRequested() const { return quit_; }
  void requestQuit() { quit_ = true; }

  // Where results go now: the .once file, else the .output file, else `out`.
  std::ostream& out();
  std::ostream& err() { return err_; }
  // .output: results to `path` from now on ("" = back to `out`). When the file cannot be
  // written, says why on `err`, keeps the current destination and returns false.
  bool setOutput(const std::string& path);
  // .once: the next statement's (or dot command's) output to `path`.
  bool setOnce(const std::string& path);
  std::string outputName() const;  // "stdout" or the file

  // The catalog. .open replaces the connection; the one given to the constructor is not owned.
  Connection& connection() { return *connection_.load(); }
  bool open(const std::string& path, bool read_only);
  void setCatalogName(const std::string& path, bool read_only);
  const std::string& catalogName() const { return catalog_name_; }
  bool catalogReadOnly() const { return catalog_read_only_; }

  // Ctrl-C, from a signal handler (async-signal-safe): stops the running statement, or at an
  // idle prompt clears the line being typed.
  void handleInterrupt();
  bool takePromptInterrupt() { return prompt_interrupted_.exchange(false); }
  void setAtPrompt(bool on) { at_prompt_ = on; }

  // Completion against the open catalog; the names are read with SHOW statements and read
  // again after each statement.
  const CompletionNames& completionNames();
  // `before`: what was typed before the word, the unfinished statement's earlier lines included.
  Completion complete(const std::string& before, const std::string& word) {
    return shell::complete(before, word, completionNames());
  }
  const std::string& pendingInput() const { return pending_; }

 private:
  // The file `path` opened for .output / .once, or null after saying why on the error stream.
  std::unique_ptr<std::ofstream> openOutputFile(const std::string& path);
  void installProgress(Connection& connection);
  void clearProgressLine();
  void closeOnce();

  std::atomic<Connection*> connection_;
  std::unique_ptr<Database> owned_database_;  // after .open
  std::unique_ptr<Connection> owned_connection_;
  std::string catalog_name_ = ":memory:";
  bool catalog_read_only_ = false;

  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<std::ofstream> output_file_, once_file_;
  std::string output_name_;

  Mode mode_ = Mode::Box;
  bool headers_ = true;
  bool timer_ = false;
  bool bail_ = true;
  bool echo_ = false;
  bool quit_ = false;
  bool line_rows_printed_ = false;  // line mode: rows printed before
  int depth_ = 0;  // runSql / runDotCommand calls under way (.read nests them)
  bool show_progress_ = false;

  ProgressMeter meter_;
  bool progress_line_open_ = false;
  double last_draw_ = -1.0;
  std::string last_phase_;

  std::atomic<bool> at_prompt_{false};
  std::atomic<bool> prompt_interrupted_{false};

  CompletionNames names_;
  bool names_stale_ = true;
  std::string pending_;  // the REPL's unfinished statement
};

}  // namespace lethe::shell
