// DROP MODEL m@v [CASCADE]: one version, refused while `m` names it (the active version) or
// while other versions were made from it, unless CASCADE drops those too. A version another
// model's version came from (FORGET ... INTO) counts as depended on.
#include <algorithm>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

namespace {

std::string nameOf(const catalog::Catalog& catalog, const catalog::VersionEntry& version) {
  auto model = catalog.modelById(version.model_id);
  return (model ? model->name : std::string("?")) + "@" + std::to_string(version.version);
}

bool isActive(const catalog::Catalog& catalog, const catalog::VersionEntry& version) {
  auto active = catalog.activeVersion(version.model_id);
  return active && active->id == version.id;
}

}  // namespace

BoundDropVersion Binder::bindDropVersion(const ast::DropInfo& info) const {
  BoundDropVersion bound;
  bound.model = findModel(info.name);
  bound.versions.push_back(bindVersion(bound.model, info.version, info.name.pos));
  const std::string named = nameOf(catalog_, bound.versions.front());
  if (isActive(catalog_, bound.versions.front()))
    throw Error(ErrorKind::Binder, "cannot drop " + named + ": it is the active version of model '" + bound.model.name +
                                       "' (SET ACTIVE " + bound.model.name + "@<version> or ROLLBACK MODEL " +
                                       bound.model.name + " TO <version> first)" + at(info.name.pos));
  // Breadth first, so the result lists children before grandchildren.
  for (size_t i = 0; i < bound.versions.size(); ++i)
    for (auto& child : catalog_.childVersions(bound.versions[i].id)) bound.versions.push_back(std::move(child));
  for (const auto& version : bound.versions) bound.names.push_back(nameOf(catalog_, version));
  if (bound.versions.size() > 1 && !info.cascade) {
    const std::vector<std::string> dependents(bound.names.begin() + 1, bound.names.end());
    throw Error(ErrorKind::Binder, "cannot drop " + named + ": " + join(dependents) + (dependents.size() > 1 ? " were" : " was") +
                                       " made from it (DROP MODEL " + named + " CASCADE drops " +
                                       (dependents.size() > 1 ? "them" : "it") + " too)" + at(info.name.pos));
  }
  for (size_t i = 1; i < bound.versions.size(); ++i)
    if (isActive(catalog_, bound.versions[i]))
      throw Error(ErrorKind::Binder, "cannot drop " + named + " CASCADE: it would drop " + bound.names[i] +
                                         ", the active version of its model; make another version active first" +
                                         at(info.name.pos));
  return bound;
}

}  // namespace lethe::planner
