// The interactive loop: readline editing, completion and history, statements over several
// lines, Ctrl-C clearing the line at the prompt.
#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "grammar/parser.hpp"
#include "shell/command_line.hpp"
#include "shell/shell.hpp"

namespace lethe::shell {

namespace {

Shell* active = nullptr;  // readline's callbacks are plain functions

// ---- completion --------------------------------------------------------------------------

std::vector<std::string> candidates;

char* nextCandidate(const char*, int state) {
  static size_t index = 0;
  if (state == 0) index = 0;
  return index < candidates.size() ? strdup(candidates[index++].c_str()) : nullptr;
}

char** completeWord(const char* text, int start, int) {
  if (!active) return nullptr;
  const std::string before = active->pendingInput() + std::string(rl_line_buffer, static_cast<size_t>(start));
  const Completion completion = active->complete(before, text);
  if (completion.files) return nullptr;  // readline's file name completion
  rl_attempted_completion_over = 1;
  candidates = completion.candidates;
  if (candidates.empty()) return nullptr;
  return rl_completion_matches(text, nextCandidate);
}

// ---- reading a line ------------------------------------------------------------------------

enum class Read { Line, EndOfInput, Interrupted };

bool line_done = false;
char* line_read = nullptr;

void onLine(char* line) {
  line_done = true;
  line_read = line;
  rl_callback_handler_remove();  // no second prompt after this line
}

// readline's callback interface: the wait for input happens here, in select(), which a
// signal interrupts; Ctrl-C then abandons the line instead of ending the shell.
Read readLine(Shell& shell, const char* prompt, std::string& line) {
  line_done = false;
  line_read = nullptr;
  shell.takePromptInterrupt();
  shell.setAtPrompt(true);
  rl_callback_handler_install(prompt, onLine);
  FILE* in = rl_instream ? rl_instream : stdin;
  Read status = Read::Line;
  while (!line_done) {
    if (shell.takePromptInterrupt()) {
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_cleanup_after_signal();
      rl_callback_handler_remove();
      std::fputs("^C\n", rl_outstream ? rl_outstream : stdout);
      std::fflush(rl_outstream ? rl_outstream : stdout);
      status = Read::Interrupted;
      break;
    }
    fd_set ready;
    FD_ZERO(&ready);
    FD_SET(fileno(in), &ready);
    if (select(fileno(in) + 1, &ready, nullptr, nullptr, nullptr) < 0) {
      if (errno == EINTR) continue;  // Ctrl-C (checked above), a resized window, ...
      rl_callback_handler_remove();
      status = Read::EndOfInput;
      break;
    }
    rl_callback_read_char();
  }
  shell.setAtPrompt(false);
  if (status != Read::Line) return status;
  if (!line_read) return Read::EndOfInput;  // Ctrl-D
  line = line_read;
  std::free(line_read);
  return Read::Line;
}

}  // namespace

int Shell::repl(const std::string& history_file) {
  active = this;
  rl_readline_name = "lethe";
  rl_attempted_completion_function = completeWord;
  rl_completer_word_break_characters = " \t\n(),;=@";
  if (!history_file.empty()) read_history(history_file.c_str());
  out_ << versionText() << " — declarative machine unlearning. Enter \".help\" for usage hints.\n";
  out_.flush();
  std::string buffer;
  while (!quit_) {
    pending_ = buffer;
    std::string line;
    const Read status = readLine(*this, buffer.empty() ? "lethe> " : "  ...> ", line);
    if (status == Read::EndOfInput) break;
    if (status == Read::Interrupted) {
      buffer.clear();
      continue;
    }
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
  pending_.clear();
  if (!history_file.empty()) write_history(history_file.c_str());
  active = nullptr;
  out_ << "\n";
  return 0;
}

}  // namespace lethe::shell
