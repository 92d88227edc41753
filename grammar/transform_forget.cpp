// FORGET target FROM model[@v] | FOR REQUEST 'r' USING method [THRESHOLD x] [WITH (...)] [EVALUATE m, ...] [INTO name]
// target: CLASS 'a' [, 'b' | 3] | RANDOM n PERCENT [SEED s] | SAMPLES (1, 2, 3) | SAMPLES FROM 'ids.csv'
//         | SET n | CORRUPTED [DISCOVERED p PERCENT] [SEED s] OF dataset
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::Value transformClassValue(Parser::ClassValueContext* value) {
  if (auto* name = value->STRING()) return stringValue(name);
  ast::Value index;
  index.kind = ast::Value::Kind::Integer;
  index.integer = transformInteger(value->signedInteger());
  index.real = static_cast<double>(index.integer);
  index.text = sourceText(value);
  index.pos = positionOf(value);
  return index;
}

ast::ForgetTarget transformForgetTarget(Parser::ForgetTargetContext* context) {
  ast::ForgetTarget target;
  target.pos = positionOf(context);
  if (context->SET()) {
    target.kind = ast::ForgetTarget::Kind::StoredSet;
    target.forget_set_id = transformInteger(context->signedInteger().at(0));
    target.value_pos = positionOf(context->signedInteger().at(0));
  } else if (context->CLASS()) {
    target.kind = ast::ForgetTarget::Kind::Class;
    for (auto* value : context->classValue()) target.classes.push_back(transformClassValue(value));
    target.value_pos = target.classes.front().pos;
  } else if (context->CORRUPTED()) {
    // The discovery rate defaults to 100%: every corrupted row is known.
    target.kind = ast::ForgetTarget::Kind::Corrupted;
    target.percent = 100.0;
    target.value_pos = positionOf(context->identifier());
    if (auto* percent = context->signedNumber()) {
      const ast::Value value = transformNumber(percent);
      target.percent = value.real;
      target.value_pos = value.pos;
    }
    if (context->SEED()) target.seed = transformInteger(context->signedInteger().at(0));
    target.dataset = transformName(context->identifier());
  } else if (context->RANDOM()) {
    target.kind = ast::ForgetTarget::Kind::RandomPercent;
    const ast::Value percent = transformNumber(context->signedNumber());
    target.percent = percent.real;
    target.value_pos = percent.pos;
    if (context->SEED()) target.seed = transformInteger(context->signedInteger().at(0));
  } else {
    transformSamples(context, target);
  }
  return target;
}

namespace {

// The clauses may come in any order, but each at most once.
void transformClause(Parser::ForgetClauseContext* clause, ast::ForgetInfo& info, std::vector<size_t>& seen) {
  const size_t keyword = clause->getStart()->getType();
  for (size_t earlier : seen)
    if (earlier == keyword)
      throw SyntaxProblem(positionOf(clause), clause->getStart()->getText() + " is given twice in FORGET");
  seen.push_back(keyword);

  if (clause->THRESHOLD()) {
    const ast::Value threshold = transformNumber(clause->signedNumber());
    info.threshold = threshold.real;
    info.threshold_pos = threshold.pos;
  } else if (auto* options = clause->withOptions()) {
    info.options = transformOptions(options);
  } else if (clause->EVALUATE()) {
    info.metrics = transformMetricList(clause->metricList());
  } else {
    info.into = transformName(clause->identifier());
  }
}

}  // namespace

ast::ForgetInfo transformForget(Parser::ForgetStatementContext* context) {
  ast::ForgetInfo info;
  if (context->REQUEST()) {
    info.request = stringValue(context->STRING());
  } else {
    info.target = transformForgetTarget(context->forgetTarget());
    info.model = transformModelRef(context->modelRef());
  }
  info.method = transformName(context->identifier());
  std::vector<size_t> seen;
  for (auto* clause : context->forgetClause()) transformClause(clause, info, seen);
  return info;
}

}  // namespace lethe::grammar::detail
