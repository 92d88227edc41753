// The pieces every statement shares: positions, names, literal values, WITH (...) options,
// model@version references and metric lists.
#include <charconv>

#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

namespace {

// Doubles the escape of a quoted literal back to one character: 'it''s' -> it's.
std::string unquote(const std::string& literal, char quote) {
  std::string text;
  for (size_t i = 1; i + 1 < literal.size(); ++i) {
    text += literal[i];
    if (literal[i] == quote) ++i;  // the second quote of a doubled pair
  }
  return text;
}

std::string keywordText(antlr4::ParserRuleContext* keyword) { return keyword->getStart()->getText(); }

}  // namespace

ast::SourcePos positionOf(const antlr4::Token* token) {
  return {token->getLine(), token->getCharPositionInLine() + 1};
}
ast::SourcePos positionOf(antlr4::tree::TerminalNode* node) { return positionOf(node->getSymbol()); }
ast::SourcePos positionOf(antlr4::ParserRuleContext* context) { return positionOf(context->getStart()); }

std::string sourceText(antlr4::ParserRuleContext* context) {
  const antlr4::Token* start = context->getStart();
  const antlr4::Token* stop = context->getStop();
  if (!stop || stop->getStopIndex() < start->getStartIndex()) return "";
  return start->getInputStream()->getText(antlr4::misc::Interval(start->getStartIndex(), stop->getStopIndex()));
}

std::string unquoteString(const std::string& literal) { return unquote(literal, '\''); }

ast::Value stringValue(antlr4::tree::TerminalNode* string_token) {
  ast::Value value;
  value.kind = ast::Value::Kind::String;
  value.text = unquoteString(string_token->getText());
  value.pos = positionOf(string_token);
  return value;
}

ast::Name transformName(Parser::IdentifierContext* context) {
  ast::Name name;
  name.pos = positionOf(context);
  if (auto* quoted = context->QUOTED_IDENTIFIER()) {
    name.text = unquote(quoted->getText(), '"');
    if (name.text.empty()) throw SyntaxProblem(name.pos, "a quoted name must not be empty");
  } else {
    name.text = context->getStart()->getText();  // a plain identifier or a non-reserved keyword
  }
  return name;
}

ast::Name transformOptionName(Parser::OptionNameContext* context) {
  ast::Name name;
  name.pos = positionOf(context);
  for (auto* part : context->anyName()) {
    if (!name.text.empty()) name.text += '.';
    name.text += part->identifier() ? transformName(part->identifier()).text : keywordText(part->reservedKeyword());
  }
  return name;
}

ast::Value transformNumber(Parser::SignedNumberContext* context) {
  ast::Value value;
  value.pos = positionOf(context);
  value.text = context->MINUS() ? "-" : "";
  const char* kind = "integer ";
  if (auto* integer = context->INTEGER()) {
    value.text += integer->getText();
    value.kind = ast::Value::Kind::Integer;
    const auto [end, error] = std::from_chars(value.text.data(), value.text.data() + value.text.size(), value.integer);
    value.real = static_cast<double>(value.integer);
    if (error == std::errc() && end == value.text.data() + value.text.size()) return value;
  } else {
    kind = "number ";
    value.text += context->REAL()->getText();
    value.kind = ast::Value::Kind::Real;
    const auto [end, error] = std::from_chars(value.text.data(), value.text.data() + value.text.size(), value.real);
    if (error == std::errc() && end == value.text.data() + value.text.size()) return value;
  }
  throw SyntaxProblem(value.pos, kind + value.text + " is out of range");
}

int64_t transformInteger(Parser::SignedIntegerContext* context) {
  std::string text = (context->MINUS() ? "-" : "") + context->INTEGER()->getText();
  int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size())
    throw SyntaxProblem(positionOf(context), "integer " + text + " is out of range");
  return number;
}

ast::Value transformValue(Parser::ValueContext* context) {
  if (auto* number = context->signedNumber()) return transformNumber(number);
  if (auto* string = context->STRING()) return stringValue(string);

  ast::Value value;
  value.pos = positionOf(context);
  if (auto* boolean = context->booleanLiteral()) {
    value.kind = ast::Value::Kind::Boolean;
    value.boolean = boolean->TRUE() != nullptr;
    value.text = boolean->getStart()->getText();
  } else if (auto* word = context->anyName()) {
    value.kind = ast::Value::Kind::Word;
    value.text = word->identifier() ? transformName(word->identifier()).text : keywordText(word->reservedKeyword());
  } else {
    value.kind = ast::Value::Kind::List;
    value.text = sourceText(context);
    for (auto* item : context->value()) value.items.push_back(transformValue(item));
  }
  return value;
}

ast::OptionList transformOptions(Parser::WithOptionsContext* context) {
  ast::OptionList options;
  if (!context) return options;
  for (auto* option : context->option())
    options.push_back({transformOptionName(option->optionName()), transformValue(option->value())});
  return options;
}

ast::ModelRef transformModelRef(Parser::ModelRefContext* context) {
  ast::ModelRef ref;
  ref.name = transformName(context->identifier());
  if (auto* version = context->signedInteger()) ref.version = transformInteger(version);
  return ref;
}

std::vector<ast::Name> transformMetricList(Parser::MetricListContext* context) {
  std::vector<ast::Name> metrics;
  for (auto* metric : context->identifier()) metrics.push_back(transformName(metric));
  return metrics;
}

}  // namespace lethe::grammar::detail
