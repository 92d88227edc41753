// EXPORT MODEL m[@v] TO 'model.pt'
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::ExportModelInfo transformExportModel(Parser::ExportStatementContext* context) {
  ast::ExportModelInfo info;
  info.model = transformModelRef(context->modelRef());
  info.path = stringValue(context->STRING().back());
  return info;
}

}  // namespace lethe::grammar::detail
