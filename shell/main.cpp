// lethe [catalog.db] [script.sql ...] [-c "statement"]
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "shell/shell.hpp"

namespace {

// Ctrl-C stops the running statement at its next batch (the catalog keeps its old state)
// instead of killing the shell. Setting an atomic flag is all the handler does.
lethe::Connection* interruptible = nullptr;
void onInterrupt(int) {
  if (interruptible) interruptible->interrupt();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Lethe: a declarative machine-unlearning engine"};
  std::string catalog_path = ":memory:";
  std::vector<std::string> scripts;
  std::vector<std::string> commands;
  bool no_progress = false;
  bool read_only = false;
  app.add_option("catalog", catalog_path, "catalog file (created if missing; default :memory:)");
  app.add_option("scripts", scripts, "SQL scripts to run in order, then exit")->check(CLI::ExistingFile);
  app.add_option("-c,--command", commands, "run a statement (repeatable), then exit");
  app.add_flag("--no-progress", no_progress, "do not draw progress lines on stderr");
  app.add_flag("--readonly", read_only, "open the catalog for reading only (statements that would write are refused)");
  CLI11_PARSE(app, argc, argv);

  lethe::Database database(catalog_path, read_only ? lethe::OpenMode::ReadOnly : lethe::OpenMode::ReadWrite);
  if (!database.ok()) {
    std::cerr << "Catalog Error: " << database.error() << "\n";
    return 1;
  }
  lethe::Connection connection(database);
  lethe::shell::Shell shell(connection, std::cout, std::cerr);
  interruptible = &connection;
  std::signal(SIGINT, onInterrupt);
  shell.setShowProgress(!no_progress && isatty(STDERR_FILENO));

  // Batch mode: -c statements, then script files; or a script on stdin. First error -> exit 1.
  if (!commands.empty() || !scripts.empty()) {
    for (const auto& command : commands)
      if (!shell.runSql(command)) return 1;
    for (const auto& script : scripts)
      if (!shell.runFile(script) ) return 1;
    return 0;
  }
  if (!isatty(STDIN_FILENO)) return shell.runScript(std::cin) ? 0 : 1;

  const char* home = std::getenv("HOME");
  return shell.repl(home ? std::string(home) + "/.lethe_history" : "");
}
