// EXPLAIN [ANALYZE] statement: the inner statement is transformed as if it stood alone.
#include <memory>

#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::ExplainInfo transformExplain(Parser::ExplainStatementContext* context) {
  ast::ExplainInfo info;
  info.analyze = context->ANALYZE() != nullptr;
  info.inner = std::make_unique<ast::Statement>(transformPlainStatement(context->plainStatement()));
  return info;
}

}  // namespace lethe::grammar::detail
