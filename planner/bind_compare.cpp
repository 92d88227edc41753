// COMPARE METHODS (m1, m2, ...) FOR target FROM model [WITH (opt = v, m.opt = v, ...)].
//
// Options are routed to methods: `salun.lr = 0.02` goes to salun alone; a plain `epochs = 3`
// goes to every compared method that has an `epochs` option — except the retrain reference,
// which keeps the model's own recipe unless addressed as `retrain.epochs`, so that one
// stored reference serves every later comparison. `m.threshold = x` sets SalUn's THRESHOLD,
// `saliency = s` masks the gradient methods that accept it.
#include <algorithm>
#include <map>
#include <set>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

// The option names a method accepts in COMPARE: its own, plus threshold / saliency.
std::vector<std::string> acceptedOptionNames(const registry::MethodSpec& spec) {
  std::vector<std::string> names;
  for (const auto& option : spec.options) names.push_back(option.name);
  if (spec.takes_threshold) names.push_back("threshold");
  if (spec.accepts_saliency) names.push_back("saliency");
  return names;
}

bool accepts(const registry::MethodSpec& spec, const std::string& option) {
  const auto names = acceptedOptionNames(spec);
  return std::find(names.begin(), names.end(), option) != names.end();
}

struct MethodOptions {
  ast::OptionList options;
  std::set<std::string> dotted;  // names set as method.name (a repeat of those is an error)
  std::optional<double> threshold;
  ast::SourcePos threshold_pos;
};

}  // namespace

BoundCompare Binder::bindCompare(const ast::CompareInfo& info) const {
  BoundCompare bound;
  bound.source = bindModel(info.model);
  const ModelKind kind = bound.source.kind();
  ast::OptionList options = info.options;
  const ast::OptionList judge_options = takeJudgeOptions(options, bound.source);
  bound.target = bindForgetTarget(info.target, bound.source);

  // The methods, validated, without repeats; retrain (the reference) always runs first.
  std::vector<ast::Name> names;
  for (const auto& name : info.methods) {
    const std::string method = lower(name.text);
    bindMethodSpec(name, bound.source);
    for (const auto& earlier : names)
      if (earlier.text == method) throw Error(ErrorKind::Binder, "method '" + method + "' is listed twice" + at(name.pos));
    if (registry::isReferenceMethod(method)) bound.retrain_requested = true;
    names.push_back({method, name.pos});
  }
  if (!bound.retrain_requested) names.insert(names.begin(), ast::Name{registry::referenceMethod().name, info.model.name.pos});
  std::stable_partition(names.begin(), names.end(), [](const ast::Name& n) { return registry::isReferenceMethod(n.text); });

  std::map<std::string, MethodOptions> routed;
  std::vector<std::string> compared;
  for (const auto& name : names) compared.push_back(name.text);

  // Plain options first, then dotted ones, which override a plain option of the same name
  // for their method (`epochs = 1, ga.epochs = 5`).
  std::vector<ast::Option> ordered;
  for (const auto& option : options)
    if (option.name.text.find('.') == std::string::npos) ordered.push_back(option);
  for (const auto& option : options)
    if (option.name.text.find('.') != std::string::npos) ordered.push_back(option);

  for (const auto& option : ordered) {
    const std::string& full = option.name.text;
    const size_t dot = full.find('.');
    std::vector<std::string> targets;
    std::string option_name = full;
    if (dot != std::string::npos) {
      const std::string method = lower(full.substr(0, dot));
      option_name = full.substr(dot + 1);
      if (std::find(compared.begin(), compared.end(), method) == compared.end())
        throw Error(ErrorKind::Binder, "option '" + full + "' is for method '" + method + "', which is not compared" +
                                           (closestMatch(method, compared).empty() ? "" : ". Did you mean '" + closestMatch(method, compared) + "'?") +
                                           at(option.name.pos));
      // threshold and saliency are left to bindMethod, which explains why a method lacks them.
      const auto* spec = registry::findMethod(method, kind);
      const bool mask_option = option_name == "threshold" || option_name == "saliency";
      if (!mask_option && !accepts(*spec, option_name))
        throw Error(ErrorKind::Binder, unknownNameMessage("option", option_name, acceptedOptionNames(*spec)) + " for method '" +
                                           method + "'" + at(option.name.pos));
      targets.push_back(method);
    } else {
      std::vector<std::string> all_names;
      std::string reference_taker;  // a reference method (retrain) that takes the option
      for (const auto& method : compared) {
        const auto* spec = registry::findMethod(method, kind);
        const auto accepted = acceptedOptionNames(*spec);
        all_names.insert(all_names.end(), accepted.begin(), accepted.end());
        if (!accepts(*spec, option_name)) continue;
        if (spec->role == registry::MethodRole::Reference)
          reference_taker = method;
        else
          targets.push_back(method);
      }
      // A name the reference takes is no typo: "did you mean" would offer the name itself.
      if (targets.empty() && !reference_taker.empty())
        throw Error(ErrorKind::Binder, "option '" + option_name + "' goes to no compared method: '" + reference_taker +
                                           "' is the reference, which COMPARE runs with the model's own recipe" +
                                           at(option.name.pos));
      if (targets.empty())
        throw Error(ErrorKind::Binder, unknownNameMessage("option", option_name, all_names) + ": no compared method takes it" +
                                           at(option.name.pos));
    }
    for (const auto& method : targets) {
      MethodOptions& slot = routed[method];
      if (option_name == "threshold") {
        const ast::Value& value = option.value;
        if (value.kind != ast::Value::Kind::Integer && value.kind != ast::Value::Kind::Real)
          throw Error(ErrorKind::Binder, "threshold must be a number, got " + value.text + at(value.pos));
        slot.threshold = value.real;
        slot.threshold_pos = value.pos;
      } else {
        if (dot != std::string::npos) {
          auto& list = slot.options;
          list.erase(std::remove_if(list.begin(), list.end(),
                                    [&](const ast::Option& o) { return o.name.text == option_name && !slot.dotted.count(option_name); }),
                     list.end());
          slot.dotted.insert(option_name);
        }
        slot.options.push_back({{option_name, option.name.pos}, option.value});
      }
    }
  }

  for (const auto& name : names) {
    const MethodOptions& slot = routed[name.text];
    bound.methods.push_back(bindMethod(name, slot.options, slot.threshold, slot.threshold_pos, bound.target,
                                       bound.source));
  }
  bound.retrain_options_given = !routed["retrain"].options.empty();

  // Every method is measured on the same metrics: a generator's need the judge.
  if (kind == ModelKind::Generator) {
    if (judge_options.empty())
      throw Error(ErrorKind::Binder, "COMPARE METHODS on generator '" + bound.source.model.name + "' needs a judge for " +
                                         join(registry::judgedMetrics(), ", ") + ": add WITH (judge = <classifier>), a "
                                         "classifier of its dataset '" + bound.source.dataset.entry.name + "'" +
                                         at(info.model.name.pos));
    bound.metrics = registry::judgedMetrics();
  } else {
    bound.metrics = registry::gapMetrics();
  }
  bound.judge = bindJudge(judge_options, bound.source, bound.metrics, {}, info.model.name.pos);
  return bound;
}

}  // namespace lethe::planner
