// CREATE DATASET [IF NOT EXISTS] name
//   FROM BUILTIN 'fashion-mnist' | FROM 'path' FORMAT idx | AS SUBSET OF parent  [WITH (...)]
#include "grammar/transform.hpp"

namespace lethe::grammar::detail {

ast::CreateDatasetInfo transformCreateDataset(Parser::CreateDatasetContext* context) {
  ast::CreateDatasetInfo info;
  info.name = transformName(context->identifier());
  info.if_not_exists = context->ifNotExists() != nullptr;
  info.options = transformOptions(context->withOptions());

  auto* source = context->datasetSource();
  if (auto* builtin = source->builtinSource()) {
    info.source = ast::CreateDatasetInfo::Source::Builtin;
    info.location = stringValue(builtin->STRING());
  } else if (auto* path = source->pathSource()) {
    info.source = ast::CreateDatasetInfo::Source::Path;
    info.location = stringValue(path->STRING());
    info.format = transformName(path->identifier());
  } else {
    info.source = ast::CreateDatasetInfo::Source::Subset;
    info.parent = transformName(source->subsetSource()->identifier());
  }
  return info;
}

}  // namespace lethe::grammar::detail
