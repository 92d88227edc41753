// EXPORT CERTIFICATE FOR REQUEST 'r' | FOR RUN n TO 'c.json'
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::ExportCertificateInfo transformExportCertificate(Parser::ExportStatementContext* context) {
  ast::ExportCertificateInfo info;
  info.for_pos = positionOf(context->FOR());
  const auto strings = context->STRING();  // FOR REQUEST 'r' ... TO 'c.json': the last is the path
  if (context->REQUEST()) info.request = stringValue(strings.front());
  else info.run_id = transformInteger(context->signedInteger());
  info.path = stringValue(strings.back());
  return info;
}

}  // namespace lethe::grammar::detail
