// DESCRIBE DATASET d | MODEL m[@v] | METHOD x | RUN n | REQUEST 'r'
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::DescribeInfo transformDescribe(Parser::DescribeStatementContext* context) {
  using What = ast::DescribeInfo::What;
  ast::DescribeInfo info;
  if (auto* model = context->modelRef()) {
    info.what = What::Model;
    info.model = transformModelRef(model);
    info.pos = info.model.name.pos;
  } else if (context->REQUEST()) {
    info.what = What::Request;
    info.request = stringValue(context->STRING());
    info.pos = info.request.pos;
  } else if (auto* run = context->signedInteger()) {
    info.what = What::Run;
    info.run_id = transformInteger(run);
    info.pos = positionOf(run);
  } else {
    // Datasets and methods have no versions: the plain name travels in model.name.
    info.what = context->DATASET() ? What::Dataset : What::Method;
    info.model.name = transformName(context->identifier());
    info.pos = info.model.name.pos;
  }
  return info;
}

}  // namespace lethe::grammar::detail
