// CREATE REQUEST 'r-17' WITH (subject = '...', due = '2027-01-31', samples = (17, 4242) OF fmnist)
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::CreateRequestInfo transformCreateRequest(Parser::CreateRequestContext* context) {
  ast::CreateRequestInfo info;
  info.name = stringValue(context->STRING());
  for (auto* option : context->requestOption()) {
    ast::RequestOption parsed;
    parsed.option = {transformOptionName(option->optionName()), transformValue(option->value())};
    if (auto* dataset = option->identifier()) parsed.of = transformName(dataset);
    info.options.push_back(std::move(parsed));
  }
  return info;
}

}  // namespace lethe::grammar::detail
