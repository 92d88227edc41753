// isComplete(): does the shell have a whole statement yet? A lexer-level scan, so that
// `;` inside strings, quoted names and comments does not count.
#include "LetheLexer.h"
#include "grammar/parser.hpp"

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

}  // namespace lethe::grammar
