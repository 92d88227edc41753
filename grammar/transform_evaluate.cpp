// EVALUATE MODEL m[@v] [METRICS (ua, ra, ...)] [FOR RUN n | FOR FORGET SET n] [WITH (judge = c, ...)]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::EvaluateModelInfo transformEvaluate(Parser::EvaluateStatementContext* context) {
  ast::EvaluateModelInfo info;
  info.model = transformModelRef(context->modelRef());
  if (auto* metrics = context->metricList()) info.metrics = transformMetricList(metrics);
  if (auto* target = context->evaluateFor()) {
    info.for_pos = positionOf(target);
    const int64_t id = transformInteger(target->signedInteger());
    if (target->RUN()) info.run_id = id;
    else info.forget_set_id = id;
  }
  info.options = transformOptions(context->withOptions());
  return info;
}

}  // namespace lethe::grammar::detail
