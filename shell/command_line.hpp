#pragma once
// The `lethe` program's command line, sqlite3-style:
//
//   lethe [catalog.db] [script.sql ...] [-c STMT ...] [-f FILE ...] [-json|-csv|...] [-header]
//         [-bail] [-echo] [-readonly] [-version] [--no-progress]
//
// Long options take one dash or two (-json, --json).
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "shell/renderer.hpp"

namespace lethe::shell {

struct CommandLine {
  std::string catalog = ":memory:";
  std::vector<std::string> commands;  // -c, in order
  std::vector<std::string> files;     // -f FILE..., then the scripts named after the catalog
  std::optional<Mode> mode;
  std::optional<bool> headers;
  std::optional<bool> bail;
  bool echo = false;
  bool read_only = false;
  bool no_progress = false;
};

// CLI11 reads long options with two dashes only: "-json" becomes "--json" for the options
// this program knows, so that sqlite3's spellings work. Values (the argument after -c or -f)
// and everything after "--" are left as they are.
std::vector<std::string> normalizeArguments(const std::vector<std::string>& args);

// Parses argv (argv[0] is the program). Returns -1 to go on, or the exit code to leave with
// now: 0 after --help or -version (printed on `out`), non-zero after an error (on `err`).
int parseCommandLine(int argc, const char* const* argv, CommandLine& command_line, std::ostream& out,
                     std::ostream& err);

// "lethe 0.1.0"
std::string versionText();

}  // namespace lethe::shell
