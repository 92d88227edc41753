#pragma once
// Tab completion: which words fit where the cursor is. Torch- and readline-free; repl.cpp
// hands the candidates to readline.
#include <string>
#include <vector>

namespace lethe::shell {

// Names the catalog and the registry know (the shell caches them from SHOW ... statements).
struct CompletionNames {
  std::vector<std::string> keywords;  // upper case, from the grammar
  std::vector<std::string> models, datasets, methods, metrics, archs;
  std::vector<std::string> dot_commands;  // ".help", ...
  std::vector<std::string> modes;         // "box", ...
};

struct Completion {
  std::vector<std::string> candidates;  // sorted, without duplicates
  bool files = false;                   // complete a file name instead (.read, .open, ...)
};

// Candidates for `word`, the partial word under the cursor; `before` is everything typed
// before it in the current input (earlier lines of an unfinished statement included).
// A dot command at the start of the input completes dot commands and their arguments;
// otherwise the words before the cursor choose between keywords and a kind of name: a
// method after USING, a model after FORGET ... FROM, a dataset after ON, an arch after ARCH,
// metrics after EVALUATE or METRICS, ... Keywords come in the case the word is typed in;
// names match case-insensitively.
Completion complete(const std::string& before, const std::string& word, const CompletionNames& names);

}  // namespace lethe::shell
