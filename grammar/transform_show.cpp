// SHOW DATASETS | MODELS | VERSIONS OF m | RUNS | METHODS | METRICS | ARCHS | FORGET SETS | REQUESTS | AUDIT
// | MODELS CONTAINING SAMPLES (...) | SAMPLES FROM 'ids.csv' | CLASS 'x' OF dataset
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

namespace {

// Lineage's rows, in FORGET's target shape (Samples or Class) so the binder reads them alike.
ast::ForgetTarget transformLineageTarget(Parser::LineageTargetContext* context) {
  ast::ForgetTarget target;
  target.pos = positionOf(context);
  if (context->CLASS()) {
    target.kind = ast::ForgetTarget::Kind::Class;
    for (auto* value : context->classValue()) target.classes.push_back(transformClassValue(value));
    target.value_pos = target.classes.front().pos;
    return target;
  }
  transformSamples(context, target);
  return target;
}

}  // namespace

ast::ShowInfo transformShow(Parser::ShowStatementContext* context) {
  using What = ast::ShowInfo::What;
  ast::ShowInfo info;
  if (context->DATASETS()) {
    info.what = What::Datasets;
  } else if (context->CONTAINING()) {
    info.what = What::ModelsContaining;
    info.containing = transformLineageTarget(context->lineageTarget());
    info.of = transformName(context->identifier());
    info.containing.dataset = info.of;
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
  } else if (context->REQUESTS()) {
    info.what = What::Requests;
  } else if (context->AUDIT()) {
    info.what = What::Audit;
  } else {
    info.what = What::ForgetSets;  // SHOW FORGET SETS, the only alternative left in Lethe.g4
  }
  return info;
}

}  // namespace lethe::grammar::detail
