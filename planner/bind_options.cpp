// `WITH (name = value, ...)` against the option specs of a method, a recipe or a subset.
#include <algorithm>
#include <cmath>
#include <set>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

std::string describe(const ast::Value& v) {
  switch (v.kind) {
    case ast::Value::Kind::String: return "'" + v.text + "'";
    case ast::Value::Kind::List: return "a list";
    default: return v.text.empty() ? std::to_string(v.real) : v.text;
  }
}

// "between 0 and 2147483647" (integers written as such), "at least 1" or "at most 5".
std::string rangeText(const OptionSpec& spec) {
  auto bound = [&](double x) {
    return spec.type == OptionType::Integer ? std::to_string(static_cast<int64_t>(x)) : formatOptionValue(x);
  };
  if (spec.min && spec.max) return "between " + bound(*spec.min) + " and " + bound(*spec.max);
  if (spec.min) return "at least " + bound(*spec.min);
  if (spec.max) return "at most " + bound(*spec.max);
  return "a number";
}

// Converts a literal to the spec's type, or explains why it cannot.
OptionValue convert(const ast::Value& value, const OptionSpec& spec, const std::string& owner) {
  const std::string where = "option '" + spec.name + "' of " + owner;
  auto wrong = [&](const std::string& wanted) {
    return Error(ErrorKind::Binder, where + " must be " + wanted + ", got " + describe(value) + at(value.pos));
  };
  switch (spec.type) {
    case OptionType::Integer:
      if (value.kind == ast::Value::Kind::Integer) return value.integer;
      if (value.kind == ast::Value::Kind::Real && std::floor(value.real) == value.real) {
        // Beyond ±2^63 the cast is undefined: say what range the option takes instead.
        if (std::fabs(value.real) < 9.2e18) return static_cast<int64_t>(value.real);
        throw wrong("an integer " + rangeText(spec));
      }
      throw wrong("an integer");
    case OptionType::Real:
      if (value.kind == ast::Value::Kind::Integer || value.kind == ast::Value::Kind::Real) return value.real;
      throw wrong("a number");
    case OptionType::Boolean:
      if (value.kind == ast::Value::Kind::Boolean) return value.boolean;
      if (value.kind == ast::Value::Kind::Integer && (value.integer == 0 || value.integer == 1)) return value.integer == 1;
      throw wrong("TRUE or FALSE");
    case OptionType::String:
      if (value.kind == ast::Value::Kind::String || value.kind == ast::Value::Kind::Word) return value.text;
      throw wrong("a string");
  }
  throw wrong("valid");
}

void checkRange(const OptionValue& value, const OptionSpec& spec, const std::string& owner, const ast::SourcePos& pos) {
  const std::string where = "option '" + spec.name + "' of " + owner;
  if (auto* s = std::get_if<std::string>(&value)) {
    if (spec.choices.empty()) return;
    for (const auto& c : spec.choices)
      if (c == *s) return;
    throw Error(ErrorKind::Binder, where + ": " + unknownNameMessage("value", *s, spec.choices) + at(pos));
  }
  double number = 0;
  if (auto* i = std::get_if<int64_t>(&value)) number = static_cast<double>(*i);
  else if (auto* d = std::get_if<double>(&value)) number = *d;
  else return;
  if ((spec.min && number < *spec.min) || (spec.max && number > *spec.max))
    throw Error(ErrorKind::Binder, where + " must be " + rangeText(spec) + ", got " + formatOptionValue(value) + at(pos));
}

}  // namespace

OptionValues Binder::bindOptions(const ast::OptionList& given, const std::vector<OptionSpec>& specs,
                                 const std::string& owner) const {
  OptionValues out;
  std::vector<std::string> names;
  for (const auto& spec : specs) names.push_back(spec.name);

  std::set<std::string> seen;
  for (const auto& option : given) {
    const std::string& name = option.name.text;
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs)
      if (s.name == name) spec = &s;
    if (!spec) throw Error(ErrorKind::Binder, unknownNameMessage("option", name, names) + " for " + owner + at(option.name.pos));
    if (!seen.insert(name).second)
      throw Error(ErrorKind::Binder, "option '" + name + "' is given twice" + at(option.name.pos));
    OptionValue value = convert(option.value, *spec, owner);
    checkRange(value, *spec, owner, option.value.pos);
    out.set(name, value);
  }
  for (const auto& spec : specs) {
    if (out.has(spec.name)) continue;
    if (spec.name == "seed" && settings_.seed) out.set("seed", *settings_.seed);
    else out.set(spec.name, spec.default_value);
  }
  return out;
}

std::vector<std::string> Binder::bindMetrics(const std::vector<ast::Name>& names, bool have_forget_set,
                                             ModelKind kind) const {
  std::vector<std::string> out;
  for (const auto& name : names) {
    const std::string metric = lower(name.text);
    const auto* spec = registry::findMetric(metric);
    if (!spec) throw Error(ErrorKind::Binder, unknownNameMessage("metric", name.text, registry::metricNames(kind)) + at(name.pos));
    if (!registry::metricApplies(*spec, kind))
      throw Error(ErrorKind::Binder, "metric '" + metric + "' is for " + registry::metricModelsName(spec->models) +
                                         "; the metrics of a " + modelKindName(kind) + " are " +
                                         join(registry::metricNames(kind), ", ") + at(name.pos));
    if (spec->needs_forget_set && !have_forget_set)
      throw Error(ErrorKind::Binder, "metric '" + metric + "' needs a forget set: add FOR RUN n or FOR FORGET SET n" + at(name.pos));
    bool duplicate = false;
    for (const auto& m : out) duplicate = duplicate || m == metric;
    if (!duplicate) out.push_back(metric);
  }
  // Avg. Gap averages ua, ra, ta and mia against the retrain's: asked for without them, it
  // brings them along (computed and shown), rather than come back empty.
  auto gap = std::find(out.begin(), out.end(), "gap");
  if (gap != out.end())
    for (const auto& part : registry::gapMetrics())
      if (std::find(out.begin(), out.end(), part) == out.end()) gap = std::next(out.insert(gap, part));
  return out;
}

}  // namespace lethe::planner
