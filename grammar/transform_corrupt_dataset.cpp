// CORRUPT DATASET source INTO name [WITH (kind = ..., count = n, target = 'c', classes = ('a', 'b'), seed = s)]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::CorruptDatasetInfo transformCorruptDataset(Parser::CorruptStatementContext* context) {
  ast::CorruptDatasetInfo info;
  info.source = transformName(context->identifier(0));
  info.name = transformName(context->identifier(1));
  info.options = transformOptions(context->withOptions());
  return info;
}

}  // namespace lethe::grammar::detail
