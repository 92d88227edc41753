// isComplete(): does the shell have a whole statement yet? firstStatement(): where does the
// first statement end (lethe_prepare's tail)? Lexer-level scans, so that `;` inside strings,
// quoted names and comments does not count.
#include "LetheLexer.h"
#include "grammar/parser.hpp"

#include <algorithm>
#include <optional>

namespace lethe::grammar {

bool isComplete(const std::string& text) {
  std::unique_ptr<antlr4::ANTLRInputStream> input;
  try {
    input = std::make_unique<antlr4::ANTLRInputStream>(text);
  } catch (const std::range_error&) {
    return true;  // nothing more will make it valid: let parse() report the encoding
  }
  lethe_antlr::LetheLexer lexer(input.get());
  lexer.removeErrorListeners();  // a stray character is parse()'s to report

  bool statement_seen = false;  // a token other than ';' before the last ';'
  bool pending = false;         // tokens after the last ';'
  for (const auto& token : lexer.getAllTokens()) {
    switch (token->getType()) {
      case lethe_antlr::LetheLexer::UNTERMINATED_STRING:
      case lethe_antlr::LetheLexer::UNTERMINATED_QUOTED_IDENTIFIER:
      case lethe_antlr::LetheLexer::UNTERMINATED_BLOCK_COMMENT:
        return false;  // the closing quote or */ may be on the next line
      case lethe_antlr::LetheLexer::SEMI:
        statement_seen = statement_seen || pending;
        pending = false;
        break;
      default:
        pending = true;
    }
  }
  return statement_seen && !pending;
}

namespace {

// ANTLR indexes code points; the byte offset of each code point start (and one past the end).
std::vector<size_t> codePointOffsets(const std::string& text) {
  std::vector<size_t> offsets;
  offsets.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
  offsets.push_back(text.size());
  return offsets;
}

// Text with no quote and no comment marker has every ';' at the top level: the first statement
// is found by a plain scan, without a lexer (lethe_prepare of a short statement is then one
// lexer run, parse()'s, not two). Null when the lexer is needed.
std::optional<StatementSpan> plainFirstStatement(const std::string& text) {
  if (text.find_first_of("'\"-/") != std::string::npos) return std::nullopt;
  const size_t begin = text.find_first_not_of(" \t\r\n;");
  if (begin == std::string::npos) return StatementSpan{text.size(), text.size(), false};
  const size_t semi = text.find(';', begin);
  if (semi == std::string::npos) return StatementSpan{begin, text.size(), false};
  return StatementSpan{begin, semi + 1, true};
}

}  // namespace

StatementSpan firstStatement(const std::string& text) {
  if (auto plain = plainFirstStatement(text)) return *plain;
  const StatementSpan none{text.size(), text.size(), false};
  std::unique_ptr<antlr4::ANTLRInputStream> input;
  try {
    input = std::make_unique<antlr4::ANTLRInputStream>(text);
  } catch (const std::range_error&) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos ? none : StatementSpan{0, text.size(), false};
  }
  lethe_antlr::LetheLexer lexer(input.get());
  lexer.removeErrorListeners();  // a stray character is parse()'s to report

  const std::vector<size_t> offsets = codePointOffsets(text);
  auto byteAt = [&](size_t code_point) { return offsets[std::min(code_point, offsets.size() - 1)]; };
  std::optional<size_t> begin;
  for (const auto& token : lexer.getAllTokens()) {
    const size_t type = token->getType();
    if (type == lethe_antlr::LetheLexer::SEMI) {
      if (begin) return StatementSpan{*begin, byteAt(token->getStopIndex() + 1), true};
      continue;  // an empty statement
    }
    if (!begin) begin = byteAt(token->getStartIndex());
    if (type == lethe_antlr::LetheLexer::UNTERMINATED_STRING ||
        type == lethe_antlr::LetheLexer::UNTERMINATED_QUOTED_IDENTIFIER ||
        type == lethe_antlr::LetheLexer::UNTERMINATED_BLOCK_COMMENT)
      break;  // runs to the end of the text
  }
  if (!begin) return none;
  return StatementSpan{*begin, text.size(), false};
}

}  // namespace lethe::grammar
