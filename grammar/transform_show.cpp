// SHOW DATASETS | MODELS | VERSIONS OF m | RUNS | METHODS | METRICS | ARCHS | FORGET SETS
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::ShowInfo transformShow(Parser::ShowStatementContext* context) {
  using What = ast::ShowInfo::What;
  ast::ShowInfo info;
  if (context->DATASETS()) {
    info.what = What::Datasets;
  } else if (context->MODELS()) {
    info.what = What::Models;
  } else if (context->VERSIONS()) {
    info.what = What::Versions;
    info.of = transformName(context->identifier());
  } else if (context->RUNS()) {
    info.what = What::Runs;
  } else if (context->METHODS()) {
    info.what = What::Methods;
  } else if (context->METRICS()) {
    info.what = What::Metrics;
  } else if (context->ARCHS()) {
    info.what = What::Archs;
  } else {
    info.what = What::ForgetSets;  // SHOW FORGET SETS, the only alternative left in Lethe.g4
  }
  return info;
}

}  // namespace lethe::grammar::detail
