// SET name = value   (SET device = 'cuda'; SET threads = 2; SET seed = 1)
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::SetInfo transformSet(Parser::SetStatementContext* context) {
  ast::SetInfo info;
  info.name = transformOptionName(context->optionName());
  info.value = transformValue(context->value());
  return info;
}

}  // namespace lethe::grammar::detail
