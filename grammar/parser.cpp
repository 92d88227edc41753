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
  } else if (auto* set = context->setStatement()) {
    statement.kind = ast::StatementKind::Set;
    statement.info = transformSet(set);
  } else if (auto* corrupt = context->corruptStatement()) {
    statement.kind = ast::StatementKind::CorruptDataset;
    statement.info = transformCorruptDataset(corrupt);
  } else if (auto* import_model = context->importStatement()) {
    statement.kind = ast::StatementKind::ImportModel;
    statement.info = transformImportModel(import_model);
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
