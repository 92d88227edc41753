// VERIFY AUDIT | VERIFY CERTIFICATE 'c.json'
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::VerifyInfo transformVerify(Parser::VerifyStatementContext* context) {
  ast::VerifyInfo info;
  if (context->CERTIFICATE()) {
    info.what = ast::VerifyInfo::What::Certificate;
    info.path = stringValue(context->STRING());
  }
  return info;
}

}  // namespace lethe::grammar::detail
