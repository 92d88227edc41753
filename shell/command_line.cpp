#include "shell/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>

#ifndef LETHE_VERSION
#define LETHE_VERSION "unknown"
#endif

namespace lethe::shell {

namespace {

// Long options that sqlite3 spells with one dash (the modes are added from the mode table).
const std::vector<std::string>& longOptions() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = {"bail",   "nobail",   "command", "echo", "file",    "header",
                                    "headers", "noheader", "help",    "mode", "readonly", "version",
                                    "no-progress"};
    for (const auto& m : modes()) out.push_back(m.name);
    return out;
  }();
  return names;
}

bool takesValue(const std::string& arg) { return arg == "-c" || arg == "--command" || arg == "-f" || arg == "--file" || arg == "--mode"; }

}  // namespace

std::vector<std::string> normalizeArguments(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--") {
      out.insert(out.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    if (arg.size() > 2 && arg[0] == '-' && arg[1] != '-') {
      const std::string name = arg.substr(1, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 1);
      const auto& known = longOptions();
      if (std::find(known.begin(), known.end(), name) != known.end()) arg = "-" + arg;
    }
    out.push_back(arg);
    if (takesValue(arg) && i + 1 < args.size()) out.push_back(args[++i]);  // a value, never an option
  }
  return out;
}

std::string versionText() { return std::string("lethe ") + LETHE_VERSION; }

int parseCommandLine(int argc, const char* const* argv, CommandLine& cl, std::ostream& out, std::ostream& err) {
  CLI::App app{"Lethe: a declarative machine-unlearning engine.\n"
               "Without scripts, -c or -f, and with a terminal on stdin: an interactive shell."};
  app.footer(
      "Long options take one dash too, as in sqlite3 (-json, -csv, -header, -bail, -readonly, -version).\n"
      "Batch mode (-c, -f, scripts, or statements on stdin) stops at the first error and exits 1\n"
      "unless -nobail; .help in the shell lists the dot commands.");
  std::vector<std::string> scripts;
  std::string mode_name;
  bool version = false, ignored = false;
  app.add_option("catalog", cl.catalog, "catalog file (created if missing; default :memory:)");
  app.add_option("scripts", scripts, "SQL scripts to run in order, then exit")->check(CLI::ExistingFile);
  app.add_option("-c,--command", cl.commands, "run a statement or dot command (repeatable; before the files), then exit");
  app.add_option("-f,--file", cl.files, "run the statements and dot commands in FILE (repeatable), then exit")
      ->check(CLI::ExistingFile);
  app.add_option("--mode", mode_name, "output mode (the last mode option wins)")->check(CLI::IsMember(modeNames()));
  for (const auto& m : modes())
    app.add_flag(std::string("--") + m.name, ignored, std::string("output mode ") + m.name + ": " + m.help);
  app.add_flag("--header,--headers", ignored, "print column names (the default)");
  app.add_flag("--noheader", ignored, "do not print column names");
  app.add_flag("--bail", ignored, "stop at the first error (the default in batch mode)");
  app.add_flag("--nobail", ignored, "go on after an error (the exit code is still 1)");
  app.add_flag("--echo", cl.echo, "print each statement before running it");
  app.add_flag("--readonly", cl.read_only,
               "open the catalog for reading only (statements that would write are refused)");
  app.add_flag("--no-progress", cl.no_progress, "do not draw progress lines on stderr");
  app.add_flag("--version", version, "print the version and exit");

  const std::vector<std::string> args = normalizeArguments(std::vector<std::string>(argv + 1, argv + argc));
  std::vector<const char*> normalized{argc > 0 ? argv[0] : "lethe"};
  for (const auto& a : args) normalized.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(normalized.size()), normalized.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err) == 0 ? 0 : 1;
  }
  if (version) {
    out << versionText() << "\n";
    return 0;
  }
  // Flags that contradict each other: the last one counts, as in sqlite3 (-csv -json is json).
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (takesValue(arg)) {
      if (arg == "--mode" && i + 1 < args.size()) cl.mode = findMode(args[i + 1])->mode;
      ++i;
    } else if (arg.rfind("--mode=", 0) == 0) {
      cl.mode = findMode(arg.substr(7))->mode;
    } else if (arg.rfind("--", 0) == 0 && findMode(arg.substr(2))) {
      cl.mode = findMode(arg.substr(2))->mode;
    } else if (arg == "--header" || arg == "--headers") {
      cl.headers = true;
    } else if (arg == "--noheader") {
      cl.headers = false;
    } else if (arg == "--bail") {
      cl.bail = true;
    } else if (arg == "--nobail") {
      cl.bail = false;
    }
  }
  cl.files.insert(cl.files.end(), scripts.begin(), scripts.end());
  return -1;
}

}  // namespace lethe::shell
