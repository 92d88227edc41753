// SET ACTIVE m@v | ROLLBACK MODEL m TO v: the version must exist; nothing else is checked,
// since moving the pointer destroys nothing and can itself be moved back.
#include "planner/binder.hpp"

namespace lethe::planner {

BoundActivate Binder::bindActivate(const ast::ActivateInfo& info) const {
  BoundActivate bound;
  bound.model = findModel(info.model.name);
  bound.version = bindVersion(bound.model, info.model.version, info.version_pos);
  bound.previous = *catalog_.activeVersion(bound.model.id);
  bound.rollback = info.rollback;
  return bound;
}

}  // namespace lethe::planner
