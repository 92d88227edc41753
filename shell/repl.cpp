// The interactive loop: readline editing and history, statements over several lines.
#include <readline/history.h>
#include <readline/readline.h>

#include <cstdlib>

#include "grammar/parser.hpp"
#include "shell/shell.hpp"

namespace lethe::shell {

int Shell::repl(const std::string& history_file) {
  if (!history_file.empty()) read_history(history_file.c_str());
  out_ << "Lethe — declarative machine unlearning. Enter \".help\" for usage hints.\n";
  std::string buffer;
  while (!quit_) {
    char* raw = readline(buffer.empty() ? "lethe> " : "  ...> ");
    if (!raw) break;  // end of input (Ctrl-D)
    std::string line(raw);
    std::free(raw);
    if (buffer.empty() && line.find_first_not_of(" \t") == std::string::npos) continue;
    if (buffer.empty() && line[0] == '.') {
      add_history(line.c_str());
      runDotCommand(line);
      continue;
    }
    buffer += line + "\n";
    if (!grammar::isComplete(buffer)) continue;
    std::string entry = buffer;
    while (!entry.empty() && (entry.back() == '\n' || entry.back() == ' ')) entry.pop_back();
    add_history(entry.c_str());
    runSql(buffer);
    buffer.clear();
  }
  if (!history_file.empty()) write_history(history_file.c_str());
  out_ << "\n";
  return 0;
}

}  // namespace lethe::shell
