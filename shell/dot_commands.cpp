// The shell's dot commands, from one table.
#include <iomanip>

#include "shell/shell.hpp"

namespace lethe::shell {

const std::vector<DotCommand>& dotCommands() {
  static const std::vector<DotCommand> commands = {
      {".help", ".help", "list these commands",
       [](Shell& shell, const std::vector<std::string>&) {
         shell.out() << "Statements end with ';'. Dot commands:\n";
         for (const auto& c : dotCommands()) shell.out() << "  " << std::left << std::setw(16) << c.usage << c.help << "\n";
         shell.out() << "Language reference: SHOW METHODS; SHOW METRICS; SHOW ARCHS; DESCRIBE METHOD salun;\n";
         return true;
       }},
      {".read", ".read FILE", "run the statements in FILE",
       [](Shell& shell, const std::vector<std::string>& args) {
         if (args.size() != 1) {
           shell.err() << "Usage: .read FILE\n";
           return false;
         }
         return shell.runFile(args[0]);
       }},
      {".timer", ".timer on|off", "print each statement's run time",
       [](Shell& shell, const std::vector<std::string>& args) {
         if (args.size() != 1 || (args[0] != "on" && args[0] != "off")) {
           shell.err() << "Usage: .timer on|off\n";
           return false;
         }
         shell.setTimer(args[0] == "on");
         return true;
       }},
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
