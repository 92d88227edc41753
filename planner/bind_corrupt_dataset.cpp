// CORRUPT DATASET source INTO name WITH (kind = ..., count = n, target = 'c' | classes = ('a', 'b'), seed = s),
// and the checks the REM metrics (healed, utility, uxh, asr) need wherever they are asked for.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

const std::vector<std::string> kKinds = {"poison", "swap", "random"};

// kind, count and seed go through the ordinary option checks; target and classes name
// classes (a list for classes), which the typed options cannot hold.
std::vector<OptionSpec> corruptOptions() {
  return {
      {"kind", OptionType::String, std::string(), std::nullopt, std::nullopt,
       "poison (backdoor trigger), swap (two classes exchange labels) or random (random wrong labels)", kKinds},
      {"count", OptionType::Integer, int64_t{0}, 1, 1e9, "corrupted training rows", {}},
      {"seed", OptionType::Integer, int64_t{1}, 0, 2147483647, "seed of the row and label draws", {}},
      // Listed for the did-you-mean of unknown names; taken out and bound by hand below.
      {"target", OptionType::String, std::string(), std::nullopt, std::nullopt, "poison: the class the triggered rows get", {}},
      {"classes", OptionType::String, std::string(), std::nullopt, std::nullopt, "swap: ('a', 'b')", {}},
  };
}

const ast::Option* take(ast::OptionList& options, const std::string& name, std::optional<ast::Option>& out) {
  auto it = std::find_if(options.begin(), options.end(), [&](const ast::Option& o) { return lower(o.name.text) == name; });
  if (it == options.end()) return nullptr;
  out = *it;
  options.erase(it);
  if (std::any_of(options.begin(), options.end(), [&](const ast::Option& o) { return lower(o.name.text) == name; }))
    throw Error(ErrorKind::Binder, "option '" + name + "' is given twice" + at(out->name.pos));
  return &*out;
}

bool given(const ast::OptionList& options, const std::string& name) {
  return std::any_of(options.begin(), options.end(), [&](const ast::Option& o) { return o.name.text == name; });
}

}  // namespace

BoundCorruptDataset Binder::bindCorruptDataset(const ast::CorruptDatasetInfo& info) const {
  BoundCorruptDataset bound;
  if (catalog_.findDataset(info.name.text))
    throw Error(ErrorKind::Binder, "dataset '" + info.name.text + "' already exists" + at(info.name.pos));
  bound.parent = bindDataset(info.source);
  const catalog::DatasetEntry& parent = bound.parent.entry;
  if (parent.kind == "corrupted")
    throw Error(ErrorKind::Binder, "dataset '" + parent.name + "' is already corrupted; corrupt a clean dataset" +
                                       at(info.source.pos));

  ast::OptionList options = info.options;
  std::optional<ast::Option> target, classes;
  take(options, "target", target);
  take(options, "classes", classes);
  const OptionValues values = bindOptions(options, corruptOptions(), "CORRUPT DATASET");
  if (!given(options, "kind"))
    throw Error(ErrorKind::Binder, "CORRUPT DATASET needs kind = 'poison', 'swap' or 'random'" + at(info.name.pos));
  if (!given(options, "count"))
    throw Error(ErrorKind::Binder, "CORRUPT DATASET needs count = n (the number of corrupted training rows)" + at(info.name.pos));

  CorruptionSpec& spec = bound.spec;
  spec.kind = values.string("kind");
  spec.count = values.integer("count");
  spec.seed = static_cast<uint64_t>(values.integer("seed"));
  if (spec.count > parent.num_train)
    throw Error(ErrorKind::Binder, "count " + std::to_string(spec.count) + " is larger than dataset '" + parent.name +
                                       "' with " + std::to_string(parent.num_train) + " training rows");

  nlohmann::ordered_json recipe = {{"kind", spec.kind}, {"count", spec.count}};
  const auto& names = parent.class_names;
  if (spec.kind == "poison") {
    if (!target)
      throw Error(ErrorKind::Binder, "kind 'poison' needs target = 'class' (the label the triggered rows get)" + at(info.name.pos));
    spec.target = resolveClass(target->value, names);
    recipe["target"] = names[static_cast<size_t>(spec.target)];
  } else if (target) {
    throw Error(ErrorKind::Binder, "option 'target' is for kind 'poison', not '" + spec.kind + "'" + at(target->name.pos));
  }
  if (spec.kind == "swap") {
    if (!classes)
      throw Error(ErrorKind::Binder, "kind 'swap' needs classes = ('a', 'b') (the two classes that exchange labels)" + at(info.name.pos));
    const ast::Value& list = classes->value;
    const std::vector<ast::Value> items = list.kind == ast::Value::Kind::List ? list.items : std::vector<ast::Value>{list};
    if (items.size() != 2)
      throw Error(ErrorKind::Binder, "kind 'swap' needs exactly two classes, got " + std::to_string(items.size()) + at(list.pos));
    for (const auto& item : items) spec.classes.push_back(resolveClass(item, names));
    if (spec.classes[0] == spec.classes[1])
      throw Error(ErrorKind::Binder, "kind 'swap' needs two different classes, got '" + names[static_cast<size_t>(spec.classes[0])] +
                                         "' twice" + at(list.pos));
    recipe["classes"] = {names[static_cast<size_t>(spec.classes[0])], names[static_cast<size_t>(spec.classes[1])]};
  } else if (classes) {
    throw Error(ErrorKind::Binder, "option 'classes' is for kind 'swap', not '" + spec.kind + "'" + at(classes->name.pos));
  }
  recipe["seed"] = values.integer("seed");

  catalog::DatasetEntry& entry = bound.entry;
  entry.name = info.name.text;
  entry.kind = "corrupted";
  entry.parent_id = parent.id;
  entry.recipe_json = recipe.dump();
  entry.num_train = parent.num_train;
  entry.num_test = parent.num_test;
  entry.class_names = parent.class_names;
  entry.channels = parent.channels;
  entry.height = parent.height;
  entry.width = parent.width;
  entry.content_hash = parent.content_hash;
  return bound;
}

void Binder::checkCorruptionMetrics(const std::vector<std::string>& metrics, const std::vector<ast::Name>& names,
                                    const BoundModel& model) const {
  const BoundDataset& dataset = model.dataset;
  for (const std::string& metric : metrics) {
    const auto* spec = registry::findMetric(metric);
    if (!spec || !spec->needs_corruption) continue;
    ast::SourcePos pos;
    for (const auto& name : names)
      if (lower(name.text) == metric) pos = name.pos;
    if (!dataset.source.corruption)
      throw Error(ErrorKind::Binder, "metric '" + metric + "' measures corrupted-data unlearning: model '" + model.model.name +
                                         "' was trained on dataset '" + dataset.entry.name +
                                         "', which is not corrupted (CORRUPT DATASET makes one)" + at(pos));
    if (metric == "asr" && dataset.source.corruption->kind != "poison")
      throw Error(ErrorKind::Binder, "metric 'asr' (attack success rate) needs a poisoned dataset; '" + dataset.entry.name +
                                         "' is corrupted by " + dataset.source.corruption->kind + at(pos));
  }
}

std::vector<std::string> Binder::corruptionDefaultMetrics(const BoundDataset& dataset) {
  std::vector<std::string> metrics = {"healed", "utility", "uxh"};
  if (dataset.source.corruption && dataset.source.corruption->kind == "poison") metrics.push_back("asr");
  metrics.push_back("rte");
  return metrics;
}

}  // namespace lethe::planner
