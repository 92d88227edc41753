// IMPORT MODEL name FROM 'model.pt' ON dataset [WITH (...)]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::ImportModelInfo transformImportModel(Parser::ImportStatementContext* context) {
  ast::ImportModelInfo info;
  const auto names = context->identifier();  // name, dataset in the order written
  info.name = transformName(names.at(0));
  info.path = stringValue(context->STRING());
  info.dataset = transformName(names.at(1));
  info.options = transformOptions(context->withOptions());
  return info;
}

}  // namespace lethe::grammar::detail
