#pragma once
// The `lethe` shell: SQL statements and dot commands against one connection, shared by the
// interactive REPL and batch mode (files, stdin, -c).
#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "lethe/lethe.hpp"

namespace lethe::shell {

class Shell;

struct DotCommand {
  std::string name;   // ".read"
  std::string usage;  // ".read FILE"
  std::string help;
  // Returns false on error (batch mode then stops).
  std::function<bool(Shell&, const std::vector<std::string>& args)> run;
};

// The one table every dot command comes from (.help prints it).
const std::vector<DotCommand>& dotCommands();

class Shell {
 public:
  Shell(Connection& connection, std::ostream& out, std::ostream& err);

  // Runs SQL text, printing each result as it arrives. `first_line` is the line the text
  // starts on in its file, so syntax errors report file line numbers. False on an error.
  bool runSql(const std::string& text, size_t first_line = 1);
  // Runs one dot-command line (".timer on"). False on an error or an unknown command.
  bool runDotCommand(const std::string& line);
  // Runs a script: statements and dot-command lines. Stops at the first error (false).
  bool runScript(std::istream& in);
  bool runFile(const std::string& path);

  // Interactive loop with readline history; returns the process exit code.
  int repl(const std::string& history_file);

  bool quitRequested() const { return quit_; }
  void requestQuit() { quit_ = true; }
  void setTimer(bool on) { timer_ = on; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  void setShowProgress(bool on);

 private:
  void printResult(const Result& result);
  Connection& connection_;
  std::ostream& out_;
  std::ostream& err_;
  bool timer_ = false;
  bool quit_ = false;
  bool progress_line_open_ = false;
};

}  // namespace lethe::shell
