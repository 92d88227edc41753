#pragma once
// Syntax problems inside grammar/: where they are and how they are shown to the user.
#include <stdexcept>
#include <string>

#include "grammar/ast.hpp"

namespace lethe::grammar::detail {

// A problem with the text at a position. Thrown by the error listeners and the transforms;
// parse() picks the earliest one and turns it into lethe::Error(ErrorKind::Syntax).
struct SyntaxProblem : std::runtime_error {
  SyntaxProblem(ast::SourcePos where, const std::string& what) : std::runtime_error(what), pos(where) {}
  ast::SourcePos pos;
};

// The earlier of two problems; `first` wins a tie.
const SyntaxProblem& earliest(const SyntaxProblem& first, const SyntaxProblem& second);

// "line L:C: message", then the offending source line, then a caret under column C:
//
//   line 1:8: mismatched input 'MODLE' expecting {DATASET, MODEL}
//   CREATE MODLE m ARCH cnn ON d
//          ^
std::string formatSyntaxError(const std::string& source, const ast::SourcePos& pos, const std::string& message);

// The position just past the last character of `text` when it starts at `start`
// (text may span lines, e.g. a multi-line string literal).
ast::SourcePos positionAfter(const ast::SourcePos& start, const std::string& text);

}  // namespace lethe::grammar::detail
