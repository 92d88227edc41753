// CREATE MODEL [IF NOT EXISTS] name ARCH arch ON dataset [WITH (...)]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::CreateModelInfo transformCreateModel(Parser::CreateModelContext* context) {
  ast::CreateModelInfo info;
  const auto names = context->identifier();  // name, arch, dataset in the order written
  info.name = transformName(names.at(0));
  info.arch = transformName(names.at(1));
  info.dataset = transformName(names.at(2));
  info.if_not_exists = context->ifNotExists() != nullptr;
  info.options = transformOptions(context->withOptions());
  return info;
}

}  // namespace lethe::grammar::detail
