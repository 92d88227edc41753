#pragma once
// ANTLR error listeners that turn ANTLR's reports into SyntaxProblems with readable messages.
#include <optional>

#include "BaseErrorListener.h"
#include "CommonTokenStream.h"
#include "grammar/syntax_error.hpp"

namespace lethe::grammar::detail {

// Remembers the first lexical problem (a stray character, an unterminated string, quoted name
// or comment) without stopping the lexer: parse() reports it only if the parser finds nothing
// earlier, so the user always sees the first problem in the text.
class LexerErrorRecorder : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& message, std::exception_ptr error) override;

  // Unterminated literals are tokens of their own (see Lethe.g4); call after tokens.fill().
  void checkUnterminated(antlr4::CommonTokenStream& tokens);
  // Strings and quoted names may span lines and hold tabs, but no other control character
  // (a NUL byte would cut a file name short where the operating system reads it).
  void checkControlCharacters(antlr4::CommonTokenStream& tokens);

  const std::optional<SyntaxProblem>& first() const { return first_; }

 private:
  void record(const SyntaxProblem& problem);
  std::optional<SyntaxProblem> first_;
};

// Throws a SyntaxProblem on the first parser error, e.g.
// "mismatched input 'MODLE' expecting {DATASET, MODEL}" or "missing ';' at end of input".
class ParserErrorThrower : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line, size_t column,
                   const std::string& message, std::exception_ptr error) override;
};

}  // namespace lethe::grammar::detail
