// Syntax error messages: ANTLR's wording with token sets a user can read.
#include "grammar/error_listeners.hpp"

#include <vector>

#include "LetheLexer.h"
#include "LetheParser.h"
#include "LexerNoViableAltException.h"
#include "common/printable.hpp"

namespace lethe::grammar::detail {

namespace {

using lethe_antlr::LetheParser;

ast::SourcePos positionOf(const antlr4::Token* token) {
  return {token->getLine(), token->getCharPositionInLine() + 1};
}

// Token text as shown in a message: quoted, control characters escaped (a line break reads
// \n, a NUL byte \x00), long literals cut short (never inside an escape or a UTF-8 character).
std::string quoted(const std::string& text) {
  std::vector<std::string> pieces;  // one per character as shown
  size_t width = 0;
  for (size_t at = 0; at < text.size();) {
    if (const size_t length = controlCharacterAt(text, at)) {
      pieces.push_back(escapedControlCharacter(text, at));
      at += length;
    } else if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80 && !pieces.empty()) {
      pieces.back() += text[at++];  // a UTF-8 continuation byte stays with its character
      continue;
    } else {
      pieces.emplace_back(1, text[at++]);
    }
    width += 1;
  }
  std::string shown;
  if (width <= 40) {
    for (const auto& piece : pieces) shown += piece;
  } else {
    for (size_t i = 0; i < 37; ++i) shown += pieces[i];
    shown += "...";
  }
  return "'" + shown + "'";
}

std::string describeToken(const antlr4::Token* token) {
  return token->getType() == antlr4::Token::EOF ? "end of input" : quoted(token->getText());
}

// The token types of one parser rule's alternatives (the keyword lists in Lethe.g4).
antlr4::misc::IntervalSet tokensOfRule(const LetheParser& parser, size_t rule) {
  const auto& atn = parser.getATN();
  return atn.nextTokens(atn.ruleToStartState[rule]);
}

// "{DATASET, MODEL}", "a name", "{'(', a number}": keywords by name, punctuation quoted,
// token classes in words. Keywords that may also stand as a name are folded into "a name".
std::string describeExpected(const LetheParser& parser, const antlr4::misc::IntervalSet& expected) {
  static const auto non_reserved = tokensOfRule(parser, LetheParser::RuleNonReservedKeyword);
  static const auto reserved = tokensOfRule(parser, LetheParser::RuleReservedKeyword);
  const bool name = expected.contains(static_cast<size_t>(LetheParser::IDENTIFIER));
  bool any_keyword_is_a_name = name;  // option names: every keyword may stand there
  for (ssize_t keyword : reserved.toList()) any_keyword_is_a_name = any_keyword_is_a_name && expected.contains(keyword);
  const bool integer = expected.contains(static_cast<size_t>(LetheParser::INTEGER));
  const bool real = expected.contains(static_cast<size_t>(LetheParser::REAL));

  std::vector<std::string> keywords, punctuation, classes;
  bool end_of_input = false;
  for (ssize_t signed_type : expected.toList()) {
    if (signed_type < 0) {  // Token::EOF, which IntervalSet stores as -1
      end_of_input = true;
      continue;
    }
    const auto type = static_cast<size_t>(signed_type);
    switch (type) {
      case LetheParser::IDENTIFIER: classes.push_back("a name"); continue;
      case LetheParser::QUOTED_IDENTIFIER: if (!name) classes.push_back("a quoted name"); continue;
      case LetheParser::STRING: classes.push_back("a string"); continue;
      case LetheParser::INTEGER: classes.push_back(real ? "a number" : "an integer"); continue;
      case LetheParser::REAL: if (!integer) classes.push_back("a number"); continue;
      case LetheParser::MINUS: if (!integer && !real) punctuation.push_back("'-'"); continue;
      default: break;
    }
    if (name && (non_reserved.contains(type) || (any_keyword_is_a_name && reserved.contains(type)))) continue;
    const std::string literal = parser.getVocabulary().getLiteralName(type);
    if (!literal.empty()) punctuation.push_back(literal);
    else keywords.push_back(parser.getVocabulary().getSymbolicName(type));
  }

  std::vector<std::string> all = keywords;
  all.insert(all.end(), punctuation.begin(), punctuation.end());
  all.insert(all.end(), classes.begin(), classes.end());
  if (end_of_input) all.push_back("end of input");
  if (all.size() == 1) return all.front();
  std::string text = "{";
  for (size_t i = 0; i < all.size(); ++i) text += (i ? ", " : "") + all[i];
  return text + "}";
}

// Where a problem at `offending` is shown: at the token, or just past the last real token
// when the text ended too early (so "SHOW MODELS" points after MODELS, not at a blank line).
ast::SourcePos problemPosition(antlr4::Parser& parser, const antlr4::Token* offending) {
  if (offending->getType() != antlr4::Token::EOF) return positionOf(offending);
  const antlr4::Token* last = parser.getTokenStream()->LT(-1);
  if (!last) return positionOf(offending);
  return positionAfter(positionOf(last), last->getText());
}

}  // namespace

void LexerErrorRecorder::record(const SyntaxProblem& problem) {
  if (!first_) first_ = problem;
  else first_ = earliest(*first_, problem);
}

void LexerErrorRecorder::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token*, size_t line, size_t column,
                                     const std::string& message, std::exception_ptr error) {
  // ANTLR says "token recognition error at: '/x'" (everything it tried); the character no
  // token can start with is what matters.
  std::string what = message;
  try {
    if (error) std::rethrow_exception(error);
  } catch (antlr4::LexerNoViableAltException& e) {
    const size_t start = e.getStartIndex();
    auto* input = static_cast<antlr4::Lexer*>(recognizer)->getInputStream();
    what = "unexpected character " + quoted(input->getText(antlr4::misc::Interval(start, start)));
  } catch (...) {
  }
  record(SyntaxProblem({line, column + 1}, what));
}

void LexerErrorRecorder::checkUnterminated(antlr4::CommonTokenStream& tokens) {
  for (antlr4::Token* token : tokens.getTokens()) {
    switch (token->getType()) {
      case lethe_antlr::LetheLexer::UNTERMINATED_STRING:
        record(SyntaxProblem(positionOf(token), "unterminated string literal: a ' is missing"));
        break;
      case lethe_antlr::LetheLexer::UNTERMINATED_QUOTED_IDENTIFIER:
        record(SyntaxProblem(positionOf(token), "unterminated quoted name: a \" is missing"));
        break;
      case lethe_antlr::LetheLexer::UNTERMINATED_BLOCK_COMMENT:
        record(SyntaxProblem(positionOf(token), "unterminated comment: */ is missing"));
        break;
      default: break;
    }
  }
}

void LexerErrorRecorder::checkControlCharacters(antlr4::CommonTokenStream& tokens) {
  for (antlr4::Token* token : tokens.getTokens()) {
    const size_t type = token->getType();
    const bool string = type == lethe_antlr::LetheLexer::STRING || type == lethe_antlr::LetheLexer::UNTERMINATED_STRING;
    const bool name = type == lethe_antlr::LetheLexer::QUOTED_IDENTIFIER ||
                      type == lethe_antlr::LetheLexer::UNTERMINATED_QUOTED_IDENTIFIER;
    if (!string && !name) continue;
    const std::string text = token->getText();
    for (size_t at = 0; at < text.size(); ++at) {
      if (!controlCharacterAt(text, at) || text[at] == '\t' || text[at] == '\n' || text[at] == '\r') continue;
      record(SyntaxProblem(positionAfter(positionOf(token), text.substr(0, at)),
                           "control character '" + escapedControlCharacter(text, at) + "' in a " +
                               (string ? "string literal" : "quoted name")));
      break;
    }
  }
}

void ParserErrorThrower::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                                     const std::string& message, std::exception_ptr error) {
  auto& parser = *static_cast<LetheParser*>(recognizer);
  const ast::SourcePos pos = problemPosition(parser, offending);
  const std::string found = describeToken(offending);

  // Reports without an exception come from single-token insertion ("missing ...") and
  // deletion ("extraneous input ..."); the parser's state still holds what it expected.
  antlr4::misc::IntervalSet expected = parser.getExpectedTokens();
  bool no_viable_alternative = false;
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const antlr4::NoViableAltException& e) {
      // The decision looked ahead past the token it started at: the expected set of the
      // decision would describe the wrong token.
      no_viable_alternative = e.getStartToken() != offending;
    } catch (const antlr4::RecognitionException& e) {
      expected = e.getExpectedTokens();
    }
  }

  const bool ended_early = offending->getType() == antlr4::Token::EOF;
  if (ended_early && expected.contains(static_cast<size_t>(LetheParser::SEMI)))
    throw SyntaxProblem(pos, "missing ';' at end of input");
  if (no_viable_alternative) throw SyntaxProblem(pos, "unexpected input " + found);
  const std::string wanted = describeExpected(parser, expected);
  // "missing X" is ANTLR's guess that one token was left out; with several candidates
  // ("missing {DATASET, MODEL} at 'TABLE'") the token at hand is more likely a misspelling.
  if (message.rfind("missing ", 0) == 0 && expected.size() == 1)
    throw SyntaxProblem(pos, "missing " + wanted + " at " + found);
  if (ended_early) throw SyntaxProblem(pos, "unexpected end of input, expecting " + wanted);
  // ANTLR also says "extraneous" when a loop cannot go on; it is only extraneous when
  // dropping the token would let the parse continue.
  const bool extraneous = message.rfind("extraneous input", 0) == 0 &&
                          expected.contains(parser.getTokenStream()->LA(2));
  const char* kind = extraneous ? "extraneous input " : "mismatched input ";
  throw SyntaxProblem(pos, kind + found + " expecting " + wanted);
}

}  // namespace lethe::grammar::detail
