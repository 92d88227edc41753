// lethe [catalog.db] [script.sql ...] [-c "statement"] [-f FILE] [-json|-csv|...] (see --help)
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "common/openmp_wait.hpp"
#include "shell/command_line.hpp"
#include "shell/shell.hpp"

namespace {

// Ctrl-C stops the running statement at its next batch (the catalog keeps its old state)
// instead of killing the shell; at an idle prompt it clears the line. The handler only sets
// atomic flags.
lethe::shell::Shell* interruptible = nullptr;
void onInterrupt(int) {
  if (interruptible) interruptible->handleInterrupt();
}

}  // namespace

int main(int argc, char** argv) {
  // Training beside other programs needs OpenMP's passive waits, which libgomp only reads at
  // start-up: re-executes once with OMP_WAIT_POLICY=PASSIVE unless the user chose a policy.
  lethe::adoptOpenMpWaitPolicy(argv);
  lethe::shell::CommandLine options;
  if (const int exit_code = lethe::shell::parseCommandLine(argc, argv, options, std::cout, std::cerr); exit_code >= 0)
    return exit_code;

  lethe::Database database(options.catalog, options.read_only ? lethe::OpenMode::ReadOnly : lethe::OpenMode::ReadWrite);
  if (!database.ok()) {
    std::cerr << "Catalog Error: " << database.error() << "\n";
    return 1;
  }
  lethe::Connection connection(database);
  lethe::shell::Shell shell(connection, std::cout, std::cerr);
  shell.setCatalogName(options.catalog, database.readOnly());
  if (options.mode) shell.setMode(*options.mode);
  if (options.headers) shell.setHeaders(*options.headers);
  if (options.bail) shell.setBail(*options.bail);
  shell.setEcho(options.echo);
  interruptible = &shell;
  std::signal(SIGINT, onInterrupt);
  shell.setShowProgress(!options.no_progress && isatty(STDERR_FILENO));

  // Batch mode: -c statements, then files; or a script on stdin. Any error -> exit 1 (with
  // bail on, the default, at the first one).
  if (!options.commands.empty() || !options.files.empty()) {
    bool ok = true;
    for (const auto& command : options.commands) {
      // A dot command works too, as in sqlite3: lethe db.db -c ".mode csv" -c "SHOW MODELS;"
      const bool dot = command.find_first_not_of(" \t") != std::string::npos &&
                       command[command.find_first_not_of(" \t")] == '.';
      if (!(dot ? shell.runDotCommand(command) : shell.runSql(command))) {
        ok = false;
        if (shell.bail()) return 1;
      }
      if (shell.quitRequested()) return ok ? 0 : 1;
    }
    for (const auto& file : options.files) {
      if (!shell.runFile(file)) {
        ok = false;
        if (shell.bail()) return 1;
      }
      if (shell.quitRequested()) break;
    }
    return ok ? 0 : 1;
  }
  if (!isatty(STDIN_FILENO)) return shell.runScript(std::cin) ? 0 : 1;

  const char* home = std::getenv("HOME");
  return shell.repl(home ? std::string(home) + "/.lethe_history" : "");
}
