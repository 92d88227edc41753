#pragma once
// Text -> AST. The only public entry point of the grammar library; ANTLR stays inside.
#include <string>
#include <vector>

#include "grammar/ast.hpp"

namespace lethe::grammar {

// Parses a script of `;`-terminated statements (comments `--` and `/* */` allowed).
// Throws lethe::Error(ErrorKind::Syntax) on the first syntax problem in the text (lexical or
// grammatical, whichever comes first), with a message like
//
//   line 1:8: mismatched input 'MODLE' expecting {DATASET, MODEL}
//   CREATE MODLE m ARCH cnn ON d;
//          ^
//
// i.e. "line:column: what was found and what was expected", then the offending source
// line and a caret under the column (the engine prefixes "Syntax Error: ").
//
// Parentheses may nest at most kMaxNesting deep within a statement (the parser recurses once
// per level); deeper nesting is a syntax error at the first parenthesis past the limit.
std::vector<ast::Statement> parse(const std::string& text);
inline constexpr size_t kMaxNesting = 1000;

// True when `text` holds at least one complete statement and nothing after the last `;`
// but whitespace and comments. The shell uses it to decide whether to keep reading lines.
bool isComplete(const std::string& text);

// Where the first statement of `text` lies, in bytes: it starts at its first token and ends
// just past its top-level ';' (one outside strings, quoted names and comments). Empty
// statements (';' alone) before it are skipped. `terminated` is false when the text ends
// before a ';' (or inside an unterminated string or comment): the statement then runs to
// the end of the text. begin == end == text.size() when there is no statement at all, only
// whitespace, comments and ';'. Text that is not UTF-8 is one unterminated statement, for
// parse() to report. The C API's lethe_prepare uses it to hand back the rest of the text.
struct StatementSpan {
  size_t begin = 0;
  size_t end = 0;
  bool terminated = false;
};
StatementSpan firstStatement(const std::string& text);

}  // namespace lethe::grammar
