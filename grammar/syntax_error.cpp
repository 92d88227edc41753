// Rendering of syntax errors: the message, the source line and a caret under the column.
#include "grammar/syntax_error.hpp"

#include "common/printable.hpp"

namespace lethe::grammar::detail {

namespace {

// UTF-8 continuation bytes (10xxxxxx) do not start a character; columns count characters,
// as ANTLR does.
bool startsCharacter(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }

// Line `number` (1-based) of `source`, without its line break; "" past the end.
std::string sourceLine(const std::string& source, size_t number) {
  size_t begin = 0;
  for (size_t line = 1; line < number; ++line) {
    begin = source.find('\n', begin);
    if (begin == std::string::npos) return "";
    ++begin;
  }
  size_t end = source.find('\n', begin);
  std::string text = source.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

// The line as shown under the message: control characters escaped as in printable(), except
// tabs, which are kept so that the caret lines up in a terminal.
std::string shownLine(const std::string& line) {
  std::string shown;
  for (size_t at = 0; at < line.size();) {
    const size_t length = line[at] == '\t' ? 0 : controlCharacterAt(line, at);
    if (length) {
      shown += escapedControlCharacter(line, at);
      at += length;
    } else {
      shown += line[at++];
    }
  }
  return shown;
}

// Spaces up to `column` (1-based) of `line`, copying tabs and as wide as the escapes of
// shownLine, so that the caret stands under the character.
std::string caretUnder(const std::string& line, size_t column) {
  std::string caret;
  size_t characters = 0;
  for (size_t at = 0; at < line.size() && characters + 1 < column;) {
    const size_t length = line[at] == '\t' ? 0 : controlCharacterAt(line, at);
    if (length) {
      caret += std::string(escapedControlCharacter(line, at).size(), ' ');
      at += length;
      ++characters;
      continue;
    }
    const char byte = line[at++];
    if (!startsCharacter(byte)) continue;
    caret += byte == '\t' ? '\t' : ' ';
    ++characters;
  }
  while (characters + 1 < column) {
    caret += ' ';
    ++characters;
  }
  return caret + "^";
}

}  // namespace

const SyntaxProblem& earliest(const SyntaxProblem& first, const SyntaxProblem& second) {
  if (second.pos.line != first.pos.line) return second.pos.line < first.pos.line ? second : first;
  return second.pos.column < first.pos.column ? second : first;
}

std::string formatSyntaxError(const std::string& source, const ast::SourcePos& pos, const std::string& message) {
  const std::string line = sourceLine(source, pos.line);
  return "line " + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message + "\n" +
         shownLine(line) + "\n" + caretUnder(line, pos.column);
}

ast::SourcePos positionAfter(const ast::SourcePos& start, const std::string& text) {
  ast::SourcePos end = start;
  for (char byte : text) {
    if (byte == '\n') {
      ++end.line;
      end.column = 1;
    } else if (startsCharacter(byte)) {
      ++end.column;
    }
  }
  return end;
}

}  // namespace lethe::grammar::detail
