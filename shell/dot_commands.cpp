// The shell's dot commands, from one table.
#include <iomanip>

#include "common/openmp_wait.hpp"
#include "common/printable.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "shell/shell.hpp"

namespace lethe::shell {

namespace {

bool usage(Shell& shell, const std::string& text) {
  shell.err() << "Usage: " << text << "\n";
  return false;
}

// on|off arguments: .headers on, .timer off, ...
bool onOff(Shell& shell, const std::vector<std::string>& args, const std::string& command,
           const std::function<void(bool)>& set) {
  if (args.size() != 1) return usage(shell, command + " on|off");
  const std::string value = lower(args[0]);
  if (value != "on" && value != "off") {
    shell.err() << "Error: " << command << " takes on or off, not '" << printable(args[0]) << "'\n";
    return false;
  }
  set(value == "on");
  return true;
}

std::string modeList() {
  std::string list;
  for (const auto& m : modes()) list += std::string(list.empty() ? "" : "|") + m.name;
  return list;
}

// Column 0 of a SHOW statement.
std::vector<std::string> names(Shell& shell, const std::string& statement) {
  std::vector<std::string> out;
  const Result r = shell.connection().query(statement);
  if (!r.ok()) {
    shell.err() << r.error() << "\n";
    return out;
  }
  for (const auto& row : r.rows())
    if (!row.empty() && row[0].isText()) out.push_back(row[0].text());
  return out;
}

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char ch : name) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

bool tables(Shell& shell, const std::vector<std::string>& args) {
  if (!args.empty()) return usage(shell, ".tables");
  Result listing;
  listing.setColumns({"name", "type"});
  for (const auto& d : names(shell, "SHOW DATASETS;")) listing.addRow({d, "dataset"});
  for (const auto& m : names(shell, "SHOW MODELS;")) listing.addRow({m, "model"});
  return shell.print(listing);
}

// What DESCRIBE shows for a dataset or model (the catalog keeps no CREATE statements).
bool schema(Shell& shell, const std::vector<std::string>& args) {
  if (args.size() > 1) return usage(shell, ".schema [NAME]");
  const auto datasets = names(shell, "SHOW DATASETS;");
  const auto models = names(shell, "SHOW MODELS;");
  bool ok = true;
  auto describe = [&](const std::string& kind, const std::string& name) {
    ok = shell.print(shell.connection().query("DESCRIBE " + kind + " " + quoted(name) + ";")) && ok;
  };
  if (args.empty()) {
    for (const auto& d : datasets) describe("DATASET", d);
    for (const auto& m : models) describe("MODEL", m);
    return ok;
  }
  bool found = false;
  for (const auto& d : datasets)
    if (d == args[0]) found = true, describe("DATASET", d);
  for (const auto& m : models)
    if (m == args[0]) found = true, describe("MODEL", m);
  if (!found) {
    std::vector<std::string> all = datasets;
    all.insert(all.end(), models.begin(), models.end());
    shell.err() << "Error: " << unknownNameMessage("dataset or model", args[0], all) << "\n";
    return false;
  }
  return ok;
}

bool show(Shell& shell, const std::vector<std::string>& args) {
  if (!args.empty()) return usage(shell, ".show");
  auto onOffText = [](bool on) { return on ? "on" : "off"; };
  const std::vector<std::pair<std::string, std::string>> settings = {
      {"catalog", shell.catalogName() + (shell.catalogReadOnly() ? " (read-only)" : "")},
      {"mode", modeSpec(shell.mode()).name},
      {"headers", onOffText(shell.headers())},
      {"output", shell.outputName()},
      {"timer", onOffText(shell.timer())},
      {"bail", onOffText(shell.bail())},
      {"echo", onOffText(shell.echo())},
      {"progress", onOffText(shell.showProgress())},
      // How training threads wait (common/openmp_wait.hpp): PASSIVE unless the user chose.
      {"omp_wait", openMpWaitPolicy().empty() ? "(OpenMP default)" : openMpWaitPolicy()},
  };
  for (const auto& [name, value] : settings) shell.out() << std::setw(9) << name << ": " << printable(value) << "\n";
  shell.out().flush();
  return true;
}

bool open(Shell& shell, const std::vector<std::string>& args) {
  bool read_only = false;
  std::vector<std::string> rest;
  for (const auto& a : args) {
    if (a == "--readonly" || a == "-readonly") read_only = true;
    else rest.push_back(a);
  }
  if (rest.size() > 1 || (!rest.empty() && !rest[0].empty() && rest[0][0] == '-'))
    return usage(shell, ".open [--readonly] [FILE]");
  return shell.open(rest.empty() ? ":memory:" : rest[0], read_only);
}

}  // namespace

const std::vector<DotCommand>& dotCommands() {
  static const std::vector<DotCommand> commands = {
      {".help", ".help", "list these commands",
       [](Shell& shell, const std::vector<std::string>&) {
         shell.out() << "Statements end with ';'. Dot commands:\n";
         for (const auto& c : dotCommands())
           shell.out() << "  " << std::left << std::setw(28) << c.usage << c.help << "\n" << std::right;
         shell.out() << "Modes:\n";
         for (const auto& m : modes()) shell.out() << "  " << std::left << std::setw(28) << m.name << m.help << "\n" << std::right;
         shell.out() << "Language reference: SHOW METHODS; SHOW METRICS; SHOW ARCHS; DESCRIBE METHOD salun;\n";
         shell.out().flush();
         return true;
       }},
      {".read", ".read FILE", "run the statements and dot commands in FILE",
       [](Shell& shell, const std::vector<std::string>& args) {
         if (args.size() != 1) return usage(shell, ".read FILE");
         return shell.runFile(args[0]);
       }},
      {".mode", ".mode [MODE]", "how results are printed (the modes below; no MODE: the current one)",
       [](Shell& shell, const std::vector<std::string>& args) {
         if (args.empty()) {
           shell.out() << "current output mode: " << modeSpec(shell.mode()).name << "\n";
           return true;
         }
         if (args.size() != 1) return usage(shell, ".mode " + modeList());
         const ModeSpec* mode = findMode(args[0]);
         if (!mode) {
           shell.err() << "Error: " << unknownNameMessage("mode", args[0], modeNames()) << "\n";
           return false;
         }
         shell.setMode(mode->mode);
         return true;
       }},
      {".headers", ".headers on|off", "print column names (box, table, markdown, csv)",
       [](Shell& shell, const std::vector<std::string>& args) {
         return onOff(shell, args, ".headers", [&](bool on) { shell.setHeaders(on); });
       }},
      {".output", ".output [FILE]", "send results to FILE; without FILE back to stdout",
       [](Shell& shell, const std::vector<std::string>& args) {
         if (args.size() > 1) return usage(shell, ".output [FILE]");
         return shell.setOutput(args.empty() ? "" : args[0]);
       }},
      {".once", ".once FILE", "send the next statement's results to FILE",
       [](Shell& shell, const std::vector<std::string>& args) {
         if (args.size() != 1) return usage(shell, ".once FILE");
         return shell.setOnce(args[0]);
       }},
      {".timer", ".timer on|off", "print each statement's run time",
       [](Shell& shell, const std::vector<std::string>& args) {
         return onOff(shell, args, ".timer", [&](bool on) { shell.setTimer(on); });
       }},
      {".bail", ".bail on|off", "stop a script at its first error (on by default)",
       [](Shell& shell, const std::vector<std::string>& args) {
         return onOff(shell, args, ".bail", [&](bool on) { shell.setBail(on); });
       }},
      {".echo", ".echo on|off", "print each statement and command before running it",
       [](Shell& shell, const std::vector<std::string>& args) {
         return onOff(shell, args, ".echo", [&](bool on) { shell.setEcho(on); });
       }},
      {".open", ".open [--readonly] [FILE]", "close the catalog and open FILE (default :memory:)", open},
      {".tables", ".tables", "list the datasets and models", tables},
      {".schema", ".schema [NAME]", "describe the dataset or model NAME (all without NAME)", schema},
      {".show", ".show", "show the current settings", show},
      {".quit", ".quit", "leave the shell",
       [](Shell& shell, const std::vector<std::string>&) {
         shell.requestQuit();
         return true;
       }},
      {".exit", ".exit", "leave the shell",
       [](Shell& shell, const std::vector<std::string>&) {
         shell.requestQuit();
         return true;
       }},
  };
  return commands;
}

}  // namespace lethe::shell
