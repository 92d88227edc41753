// Rows of a dataset as a statement names them: SAMPLES (17, 4242) | SAMPLES FROM 'ids.csv' |
// CLASS 'x'. FORGET, SHOW MODELS CONTAINING and CREATE REQUEST read them alike.
#include <algorithm>

#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/sample_file.hpp"

namespace lethe::planner {

std::vector<int64_t> Binder::bindSampleIds(const ast::ForgetTarget& target, const catalog::DatasetEntry& dataset) const {
  const bool from_file = !target.samples_file.empty();
  std::vector<int64_t> ids = from_file ? readSampleIds(target.samples_file) : target.sample_ids;
  const std::string where = from_file ? " (in '" + target.samples_file + "')" : at(target.value_pos);
  const int64_t rows = dataset.num_train;
  for (int64_t id : ids) {
    if (id < 0 || id >= rows)
      throw Error(ErrorKind::Binder, "sample id " + std::to_string(id) + " is out of range: dataset '" + dataset.name +
                                         "' has " + std::to_string(rows) + " training rows (ids 0.." +
                                         std::to_string(rows - 1) + ")" + where);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.empty()) throw Error(ErrorKind::Binder, "SAMPLES needs at least one id" + at(target.pos));
  return ids;
}

BoundRows Binder::bindRows(const ast::ForgetTarget& target) const {
  BoundRows bound;
  bound.dataset = bindDataset(target.dataset);
  if (target.kind == ast::ForgetTarget::Kind::Class) {
    for (const auto& value : target.classes) bound.classes.push_back(resolveClass(value, bound.dataset.entry.class_names));
    std::sort(bound.classes.begin(), bound.classes.end());
    bound.classes.erase(std::unique(bound.classes.begin(), bound.classes.end()), bound.classes.end());
    for (int64_t c : bound.classes)
      bound.description += (bound.description.empty() ? "CLASS '" : ", '") + bound.dataset.entry.class_names[static_cast<size_t>(c)] + "'";
    return bound;
  }
  bound.ids = bindSampleIds(target, bound.dataset.entry);
  bound.description = "SAMPLES " + (target.samples_file.empty() ? std::string() : "FROM '" + target.samples_file + "' ") +
                      "(" + std::to_string(bound.ids.size()) + " ids)";
  return bound;
}

}  // namespace lethe::planner
