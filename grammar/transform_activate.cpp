// SET ACTIVE m@v | ROLLBACK MODEL m TO v: both move a model's active version.
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::ActivateInfo transformSetActive(Parser::SetStatementContext* context) {
  ast::ActivateInfo info;
  info.model = transformModelRef(context->modelRef());
  // `SET ACTIVE m` would name the version that is already active: say which one is meant.
  if (!info.model.version) throw SyntaxProblem(info.model.name.pos, "SET ACTIVE needs a version: SET ACTIVE " +
                                                                        info.model.name.text + "@<version>");
  info.version_pos = positionOf(context->modelRef()->signedInteger());
  return info;
}

ast::ActivateInfo transformRollback(Parser::RollbackStatementContext* context) {
  ast::ActivateInfo info;
  info.rollback = true;
  info.model.name = transformName(context->identifier());
  info.model.version = transformInteger(context->signedInteger());
  info.version_pos = positionOf(context->signedInteger());
  return info;
}

}  // namespace lethe::grammar::detail
