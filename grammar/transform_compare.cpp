// COMPARE METHODS (m1, m2, ...) FOR target FROM model[@v] [WITH (...)]
// target: FORGET SET n, or any FORGET target.
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::CompareInfo transformCompare(Parser::CompareStatementContext* context) {
  ast::CompareInfo info;
  for (auto* method : context->identifier()) info.methods.push_back(transformName(method));
  auto* target = context->compareTarget();
  if (auto* forget_target = target->forgetTarget()) {
    info.target = transformForgetTarget(forget_target);
  } else {
    info.target.kind = ast::ForgetTarget::Kind::StoredSet;
    info.target.pos = positionOf(target);
    info.target.forget_set_id = transformInteger(target->signedInteger());
    info.target.value_pos = positionOf(target->signedInteger());
  }
  info.model = transformModelRef(context->modelRef());
  info.options = transformOptions(context->withOptions());
  return info;
}

}  // namespace lethe::grammar::detail
