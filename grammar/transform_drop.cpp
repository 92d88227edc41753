// DROP DATASET | MODEL [IF EXISTS] name [IF EXISTS]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::DropInfo transformDrop(Parser::DropStatementContext* context) {
  ast::DropInfo info;
  info.what = context->DATASET() ? ast::DropInfo::What::Dataset : ast::DropInfo::What::Model;
  info.name = transformName(context->identifier());
  info.if_exists = !context->ifExists().empty();
  return info;
}

}  // namespace lethe::grammar::detail
