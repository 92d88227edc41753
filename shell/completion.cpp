#include "shell/completion.hpp"

#include <algorithm>
#include <cctype>

#include "common/strings.hpp"

namespace lethe::shell {

namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool startsWith(const std::string& text, const std::string& prefix) {
  return text.size() >= prefix.size() && lower(text).compare(0, prefix.size(), lower(prefix)) == 0;
}

// The tokens of the current statement: words, and the punctuation ( ) , = @ . as one-character
// tokens; strings and quoted names as one token each; comments skipped.
std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      i = text.find('\n', i);
      if (i == std::string::npos) i = text.size();
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      const size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 2;
    } else if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < text.size() && !(text[j] == c && (j + 1 >= text.size() || text[j + 1] != c))) j += text[j] == c ? 2 : 1;
      out.push_back(text.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == ';') {
      out.clear();  // a new statement starts
      ++i;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      size_t j = i;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
      out.push_back(text.substr(i, j - i));
      i = j;
    } else {
      out.push_back(std::string(1, c));
      ++i;
    }
  }
  return out;
}

std::vector<std::string> matching(const std::vector<std::string>& candidates, const std::string& word) {
  std::vector<std::string> out;
  for (const auto& c : candidates)
    if (startsWith(c, word)) out.push_back(c);
  return out;
}

// Keywords in the case of the typed word (lower case when it has letters and all are lower).
std::vector<std::string> keywordsLike(const std::vector<std::string>& keywords, const std::string& word) {
  const bool lower_case = std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::islower(c); }) &&
                          !std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isupper(c); });
  std::vector<std::string> out;
  for (const auto& k : matching(keywords, word)) out.push_back(lower_case ? lower(k) : k);
  return out;
}

std::vector<std::string> words(std::initializer_list<const char*> list) { return {list.begin(), list.end()}; }

Completion dotCommand(const std::string& before, const std::string& word, const CompletionNames& names) {
  Completion result;
  const std::vector<std::string> parts = [&] {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < before.size()) {
      while (i < before.size() && std::isspace(static_cast<unsigned char>(before[i]))) ++i;
      const size_t j = before.find_first_of(" \t", i);
      if (i < before.size()) out.push_back(before.substr(i, j == std::string::npos ? std::string::npos : j - i));
      i = j == std::string::npos ? before.size() : j;
    }
    return out;
  }();
  if (parts.empty()) {
    result.candidates = matching(names.dot_commands, word);
    return result;
  }
  const std::string& command = parts.front();
  if (command == ".mode") result.candidates = matching(names.modes, word);
  else if (command == ".headers" || command == ".timer" || command == ".bail" || command == ".echo")
    result.candidates = matching(words({"on", "off"}), word);
  else if (command == ".schema" && parts.size() == 1) {
    result.candidates = matching(names.datasets, word);
    for (const auto& m : matching(names.models, word)) result.candidates.push_back(m);
  } else if (command == ".open" && parts.size() == 1 && word.rfind("-", 0) == 0)
    result.candidates = matching(words({"--readonly"}), word);
  else if (command == ".read" || command == ".open" || command == ".output" || command == ".once")
    result.files = true;
  else if (command == ".help" && parts.size() == 1) {
    for (const auto& c : names.dot_commands)
      if (startsWith(c, word) || startsWith(c.substr(1), word)) result.candidates.push_back(c);
  }
  return result;
}

}  // namespace

Completion complete(const std::string& before, const std::string& word, const CompletionNames& names) {
  const size_t first = before.find_first_not_of(" \t\r\n");
  if ((first == std::string::npos && !word.empty() && word[0] == '.') ||
      (first != std::string::npos && before[first] == '.')) {
    Completion result = dotCommand(first == std::string::npos ? "" : before.substr(first), word, names);
    std::sort(result.candidates.begin(), result.candidates.end());
    result.candidates.erase(std::unique(result.candidates.begin(), result.candidates.end()), result.candidates.end());
    return result;
  }

  std::vector<std::string> t = tokens(before);
  for (auto& token : t) token = upper(token);
  const std::string statement = t.empty() ? "" : t.front();
  const std::string previous = t.empty() ? "" : t.back();
  const std::string before_previous = t.size() >= 2 ? t[t.size() - 2] : "";

  std::vector<std::string> candidates;
  auto names_of = [&](const std::vector<std::string>& list) {
    for (const auto& n : matching(list, word)) candidates.push_back(n);
  };
  auto keywords = [&](const std::vector<std::string>& list) {
    for (const auto& k : keywordsLike(list, word)) candidates.push_back(k);
  };

  // Inside a list of names: COMPARE METHODS (a, b ...; EVALUATE a, b ...; METRICS (a, b ...
  auto isName = [](const std::string& token) {
    return !token.empty() && (std::isalnum(static_cast<unsigned char>(token[0])) || token[0] == '_' || token[0] == '"');
  };
  std::string list_head;
  if (previous == "," || previous == "(") {
    size_t i = t.size() - 1;
    while (i >= 2 && t[i] == "," && isName(t[i - 1])) i -= 2;
    if (t[i] == "(") list_head = i >= 1 ? t[i - 1] : "";
    else if (t[i] != ",") list_head = t[i];
  }
  const bool in_list = list_head == "METHODS" || list_head == "METRICS" || list_head == "EVALUATE";
  const bool comparing = list_head == "METHODS" && statement == "COMPARE";
  // Inside WITH ( ... ): option names and values, which only the binder knows.
  bool in_options = false;
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i] == "WITH" && t[i + 1] == "(") in_options = true;
    else if (t[i + 1] == ")") in_options = false;
  }

  if (in_options) {
    // nothing to offer
  } else if (t.empty()) {
    keywords(words({"COMPARE", "CORRUPT", "CREATE", "DESCRIBE", "DROP", "EVALUATE", "EXPLAIN", "EXPORT", "FORGET",
                    "IMPORT", "SAMPLE", "SET", "SHOW"}));
  } else if (in_list && comparing) {
    names_of(names.methods);
  } else if (in_list) {
    names_of(names.metrics);
  } else if (previous == "EXPLAIN") {
    keywords(words({"ANALYZE", "COMPARE", "CORRUPT", "CREATE", "DESCRIBE", "DROP", "EVALUATE", "EXPORT", "FORGET",
                    "IMPORT", "SAMPLE", "SET", "SHOW"}));
  } else if (previous == "USING" || previous == "METHOD") {
    names_of(names.methods);
  } else if (previous == "ARCH") {
    names_of(names.archs);
  } else if (previous == "ON") {
    names_of(names.datasets);
  } else if (previous == "INTO" || previous == "TO" || previous == "SEED" || previous == "THRESHOLD" ||
             previous == "=" || previous == "@" || previous == "RUN") {
    // a new name, a file, a number: nothing to offer
  } else if (previous == "SHOW") {
    keywords(words({"ARCHS", "DATASETS", "FORGET", "METHODS", "METRICS", "MODELS", "RUNS", "VERSIONS"}));
  } else if (previous == "DESCRIBE") {
    keywords(words({"DATASET", "METHOD", "MODEL", "RUN"}));
  } else if (previous == "CREATE" || previous == "DROP") {
    keywords(words({"DATASET", "MODEL"}));
  } else if (previous == "MODEL") {
    if (statement == "CREATE" || statement == "IMPORT") keywords(words({"IF"}));  // a new name follows
    else names_of(names.models);
  } else if (previous == "DATASET") {
    if (statement == "CREATE") keywords(words({"IF"}));
    else names_of(names.datasets);
  } else if (previous == "OF") {
    if (before_previous == "VERSIONS") names_of(names.models);
    else names_of(names.datasets);
  } else if (previous == "FROM") {
    if (before_previous == "SAMPLES") {
      // a file name in quotes
    } else if (statement == "CREATE") {
      keywords(words({"BUILTIN"}));
    } else if (statement == "IMPORT") {
      // a file name in quotes
    } else {
      names_of(names.models);
    }
  } else if (previous == "EVALUATE" && t.size() == 1) {
    keywords(words({"MODEL"}));
  } else if (previous == "EVALUATE" || previous == "METRICS") {
    names_of(names.metrics);
  } else {
    keywords(names.keywords);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  return Completion{candidates, false};
}

}  // namespace lethe::shell
