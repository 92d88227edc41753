// DROP DATASET | MODEL [IF EXISTS] name[@version] [IF EXISTS] [CASCADE]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::DropInfo transformDrop(Parser::DropStatementContext* context) {
  ast::DropInfo info;
  info.what = context->DATASET() ? ast::DropInfo::What::Dataset : ast::DropInfo::What::Model;
  const ast::ModelRef ref = transformModelRef(context->modelRef());
  info.name = ref.name;
  info.version = ref.version;  // the binder refuses it (and CASCADE) on a dataset
  info.cascade = context->CASCADE() != nullptr;
  info.if_exists = !context->ifExists().empty();
  return info;
}

}  // namespace lethe::grammar::detail
