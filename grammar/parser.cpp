// Text -> AST: runs the ANTLR lexer and parser, reports the first syntax problem with a
// caret, and dispatches each statement to its transform_<stem>.cpp.
#include "grammar/parser.hpp"

#include <stdexcept>

#include "BailErrorStrategy.h"
#include "CommonTokenStream.h"
#include "DefaultErrorStrategy.h"
#include "LetheLexer.h"
#include "LetheParser.h"
#include "atn/ParserATNSimulator.h"
#include "common/error.hpp"
#include "grammar/error_listeners.hpp"
#include "grammar/transform.hpp"

namespace lethe::grammar {

namespace detail {

ast::Statement transformPlainStatement(Parser::PlainStatementContext* context) {
  ast::Statement statement;
  statement.text = sourceText(context);
  statement.pos = positionOf(context);
  if (auto* create = context->createStatement()) {
    if (auto* dataset = create->createDataset()) {
      statement.kind = ast::StatementKind::CreateDataset;
      statement.info = transformCreateDataset(dataset);
    } else if (auto* request = create->createRequest()) {
      statement.kind = ast::StatementKind::CreateRequest;
      statement.info = transformCreateRequest(request);
    } else {
      statement.kind = ast::StatementKind::CreateModel;
      statement.info = transformCreateModel(create->createModel());
    }
  } else if (auto* forget = context->forgetStatement()) {
    statement.kind = ast::StatementKind::Forget;
    statement.info = transformForget(forget);
  } else if (auto* compare = context->compareStatement()) {
    statement.kind = ast::StatementKind::Compare;
    statement.info = transformCompare(compare);
  } else if (auto* evaluate = context->evaluateStatement()) {
    statement.kind = ast::StatementKind::EvaluateModel;
    statement.info = transformEvaluate(evaluate);
  } else if (auto* show = context->showStatement()) {
    statement.kind = ast::StatementKind::Show;
    statement.info = transformShow(show);
  } else if (auto* describe = context->describeStatement()) {
    statement.kind = ast::StatementKind::Describe;
    statement.info = transformDescribe(describe);
  } else if (auto* drop = context->dropStatement()) {
    statement.kind = ast::StatementKind::Drop;
    statement.info = transformDrop(drop);
  } else if (auto* set = context->setStatement(); set && set->ACTIVE()) {
    statement.kind = ast::StatementKind::Activate;
    statement.info = transformSetActive(set);
  } else if (auto* set = context->setStatement()) {
    statement.kind = ast::StatementKind::Set;
    statement.info = transformSet(set);
  } else if (auto* rollback = context->rollbackStatement()) {
    statement.kind = ast::StatementKind::Activate;
    statement.info = transformRollback(rollback);
  } else if (auto* verify = context->verifyStatement()) {
    statement.kind = ast::StatementKind::Verify;
    statement.info = transformVerify(verify);
  } else if (auto* corrupt = context->corruptStatement()) {
    statement.kind = ast::StatementKind::CorruptDataset;
    statement.info = transformCorruptDataset(corrupt);
  } else if (auto* import_model = context->importStatement()) {
    statement.kind = ast::StatementKind::ImportModel;
    statement.info = transformImportModel(import_model);
  } else if (auto* export_certificate = context->exportStatement(); export_certificate && export_certificate->CERTIFICATE()) {
    statement.kind = ast::StatementKind::ExportCertificate;
    statement.info = transformExportCertificate(export_certificate);
  } else if (auto* sample = context->sampleStatement()) {
    statement.kind = ast::StatementKind::Sample;
    statement.info = transformSample(sample);
  } else if (auto* export_model = context->exportStatement()) {
    statement.kind = ast::StatementKind::ExportModel;
    statement.info = transformExportModel(export_model);
  } else {
    throw std::logic_error("transformPlainStatement: a statement alternative of Lethe.g4 has no transform");
  }
  return statement;
}

namespace {

ast::Statement transformStatement(Parser::StatementContext* context) {
  auto* explain = context->explainStatement();
  if (!explain) return transformPlainStatement(context->plainStatement());
  ast::Statement statement;
  statement.kind = ast::StatementKind::Explain;
  statement.text = sourceText(context);
  statement.pos = positionOf(context);
  statement.info = transformExplain(explain);
  return statement;
}

// SLL prediction with bail-out first: faster, and exact for every valid script of this
// grammar. Only a script with an error is parsed again in full LL mode with the default
// recovery strategy, whose reports ("mismatched input ... expecting ...") the user sees.
Parser::ScriptContext* parseScript(Parser& parser, antlr4::CommonTokenStream& tokens,
                                   ParserErrorThrower& thrower) {
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  try {
    return parser.script();
  } catch (const antlr4::ParseCancellationException&) {
  }
  tokens.seek(0);
  parser.reset();
  parser.addErrorListener(&thrower);
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::LL);
  return parser.script();
}

// The first '(' that opens more than kMaxNesting levels within one statement, or null. Strings,
// quoted names and comments are tokens of their own (or skipped), so their parentheses do
// not count. Checked before parsing: the parser recurses once per level and a deep enough
// nesting overflows the stack.
const antlr4::Token* tooDeep(antlr4::CommonTokenStream& tokens) {
  size_t depth = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    switch (token->getType()) {
      case lethe_antlr::LetheLexer::LPAREN:
        if (++depth > kMaxNesting) return token;
        break;
      case lethe_antlr::LetheLexer::RPAREN:
        if (depth > 0) --depth;
        break;
      case lethe_antlr::LetheLexer::SEMI: depth = 0; break;
      default: break;
    }
  }
  return nullptr;
}

// The bytes of `text` before its `characters`-th character (ANTLR indexes characters).
size_t byteOffset(const std::string& text, size_t characters) {
  size_t offset = 0;
  for (size_t seen = 0; offset < text.size(); ++offset) {
    if ((static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80 && seen++ == characters) break;
  }
  return offset;
}

std::vector<ast::Statement> parseChecked(const std::string& text);

// Too deep a nesting is reported unless the text has an earlier problem: the statements
// before the offending one are parsed on their own (they nest no deeper than the limit),
// and a lexical problem anywhere before the parenthesis wins too.
[[noreturn]] void reportTooDeep(const std::string& text, antlr4::CommonTokenStream& tokens,
                                const antlr4::Token* paren, const LexerErrorRecorder& lexer_errors) {
  size_t statement_start = 0;  // the character after the last ';' before the parenthesis
  for (size_t i = paren->getTokenIndex(); i-- > 0;) {
    if (tokens.get(i)->getType() == lethe_antlr::LetheLexer::SEMI) {
      statement_start = tokens.get(i)->getStopIndex() + 1;
      break;
    }
  }
  if (statement_start > 0) parseChecked(text.substr(0, byteOffset(text, statement_start)));
  const SyntaxProblem problem(positionOf(paren), "parentheses nested too deeply: at most " +
                                                     std::to_string(kMaxNesting) + " levels are allowed");
  if (lexer_errors.first()) throw earliest(*lexer_errors.first(), problem);
  throw problem;
}

std::vector<ast::Statement> parseChecked(const std::string& text) {
  std::unique_ptr<antlr4::ANTLRInputStream> input;
  try {
    input = std::make_unique<antlr4::ANTLRInputStream>(text);
  } catch (const std::range_error&) {
    throw SyntaxProblem({1, 1}, "the text is not valid UTF-8");
  }
  lethe_antlr::LetheLexer lexer(input.get());
  LexerErrorRecorder lexer_errors;
  lexer.removeErrorListeners();
  lexer.addErrorListener(&lexer_errors);
  antlr4::CommonTokenStream tokens(&lexer);
  tokens.fill();
  lexer_errors.checkUnterminated(tokens);
  lexer_errors.checkControlCharacters(tokens);
  if (const antlr4::Token* paren = tooDeep(tokens)) reportTooDeep(text, tokens, paren, lexer_errors);

  Parser parser(&tokens);
  ParserErrorThrower thrower;
  Parser::ScriptContext* script = nullptr;
  try {
    script = parseScript(parser, tokens, thrower);
  } catch (const SyntaxProblem& problem) {
    // A lexical problem (e.g. an unterminated string) usually derails the parser at the
    // same spot; the lexer's message says more, so it wins ties.
    if (lexer_errors.first()) throw earliest(*lexer_errors.first(), problem);
    throw;
  }
  if (lexer_errors.first()) throw *lexer_errors.first();

  std::vector<ast::Statement> statements;
  for (auto* statement : script->statement()) statements.push_back(transformStatement(statement));
  return statements;
}

}  // namespace
}  // namespace detail

std::vector<ast::Statement> parse(const std::string& text) {
  try {
    return detail::parseChecked(text);
  } catch (const detail::SyntaxProblem& problem) {
    throw Error(ErrorKind::Syntax, detail::formatSyntaxError(text, problem.pos, problem.what()));
  }
}

}  // namespace lethe::grammar
