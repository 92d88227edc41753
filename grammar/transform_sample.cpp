// SAMPLE n FROM gen[@v] [CLASS 'c'] [WITH (...)] [INTO 'grid.png' | INTO name]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

namespace {

// The clauses may come in any order, but each at most once.
void transformClause(Parser::SampleClauseContext* clause, ast::SampleInfo& info, std::vector<size_t>& seen) {
  const size_t keyword = clause->getStart()->getType();
  for (size_t earlier : seen)
    if (earlier == keyword)
      throw SyntaxProblem(positionOf(clause), clause->getStart()->getText() + " is given twice in SAMPLE");
  seen.push_back(keyword);

  if (clause->CLASS()) {
    info.class_value = transformClassValue(clause->classValue());
  } else if (auto* options = clause->withOptions()) {
    info.options = transformOptions(options);
  } else if (auto* file = clause->STRING()) {
    info.into_file = stringValue(file);
  } else {
    info.into_dataset = transformName(clause->identifier());
  }
}

}  // namespace

ast::SampleInfo transformSample(Parser::SampleStatementContext* context) {
  ast::SampleInfo info;
  info.count = transformInteger(context->signedInteger());
  info.count_pos = positionOf(context->signedInteger());
  info.model = transformModelRef(context->modelRef());
  std::vector<size_t> seen;
  for (auto* clause : context->sampleClause()) transformClause(clause, info, seen);
  return info;
}

}  // namespace lethe::grammar::detail
