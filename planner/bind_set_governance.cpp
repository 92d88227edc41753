// SET certificate_key = '...' and SET verdict_<metric>_min | _max = x: the governance settings.
// The key is a connection setting only: it is never written to the catalog, and SET is not a
// statement the audit log records, so its text never lands there either.
#include "common/error.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

bool isGovernanceSetting(const std::string& name) { return name == "certificate_key" || name.rfind("verdict_", 0) == 0; }

BoundSet bindGovernanceSetting(const std::string& name, const ast::Value& v, const ast::Name& written) {
  if (name == "certificate_key") {
    if (v.kind != ast::Value::Kind::String || v.text.empty())
      throw Error(ErrorKind::Binder, "certificate_key must be a non-empty string" + at(v.pos));
    return {name, v.text};
  }
  // verdict_ua_min: the metric between the prefix and the bound.
  const bool is_min = name.size() > 12 && name.compare(name.size() - 4, 4, "_min") == 0;
  const bool is_max = name.size() > 12 && name.compare(name.size() - 4, 4, "_max") == 0;
  const std::string metric = is_min || is_max ? name.substr(8, name.size() - 12) : "";
  if (metric.empty())
    throw Error(ErrorKind::Binder, "a verdict threshold is named verdict_<metric>_min or verdict_<metric>_max, e.g. "
                                   "verdict_ua_min" + at(written.pos));
  if (!registry::findMetric(metric))
    throw Error(ErrorKind::Binder, unknownNameMessage("metric", metric, registry::metricNames()) + " in '" + written.text + "'" +
                                       at(written.pos));
  if (v.kind != ast::Value::Kind::Integer && v.kind != ast::Value::Kind::Real)
    throw Error(ErrorKind::Binder, written.text + " must be a number" + at(v.pos));
  return {name, v.real};
}

}  // namespace lethe::planner
