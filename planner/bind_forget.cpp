// FORGET target FROM model USING method [THRESHOLD x] [WITH (...)] [EVALUATE ...] [INTO name].
#include <algorithm>
#include <cmath>
#include <sstream>

#include <type_traits>
#include <variant>

#include "common/error.hpp"
#include "common/sampling.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"
#include "planner/registry.hpp"
#include "planner/sample_file.hpp"

namespace lethe::planner {

// A class written as a name ('Sneaker', case-insensitive) or as its index (7).
int64_t resolveClass(const ast::Value& value, const std::vector<std::string>& class_names) {
  if (value.kind == ast::Value::Kind::Integer) {
    if (value.integer < 0 || value.integer >= static_cast<int64_t>(class_names.size()))
      throw Error(ErrorKind::Binder, "class index " + std::to_string(value.integer) + " is out of range: the dataset has " +
                                         std::to_string(class_names.size()) + " classes" + at(value.pos));
    return value.integer;
  }
  for (size_t i = 0; i < class_names.size(); ++i) {
    if (editDistance(class_names[i], value.text) == 0) return static_cast<int64_t>(i);
  }
  throw Error(ErrorKind::Binder, unknownNameMessage("class", value.text, class_names) + at(value.pos));
}

namespace {

std::string formatNumber(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

std::vector<std::string> saliencyMethods(ModelKind kind) {
  std::vector<std::string> names;
  for (const auto& spec : registry::methods(kind))
    if (spec.accepts_saliency) names.push_back(spec.name);
  return names;
}

// "a classifier" / "a generator", for messages about what a model is.
std::string aKind(ModelKind kind) { return std::string("a ") + modelKindName(kind); }

// A generator forgets classes (METHODS.md "Generation": what it should stop drawing); rows,
// random shares and corrupted data are classifier scenarios.
void checkGeneratorTarget(const ast::ForgetTarget& target, const BoundForgetTarget& bound, const BoundModel& model) {
  if (model.kind() != ModelKind::Generator || bound.kind == ForgetScenario::Class) return;
  const std::string what = target.kind == ast::ForgetTarget::Kind::StoredSet
                               ? "forget set " + std::to_string(target.forget_set_id) + " (" + bound.description + ")"
                               : bound.description.substr(0, bound.description.find(' '));
  throw Error(ErrorKind::Binder, "model '" + model.model.name + "' is a generator (" + model.model.arch +
                                     "): it forgets whole classes, FORGET CLASS 'x' FROM " + model.model.name +
                                     "; " + what + " applies to classifiers" + at(target.pos));
}

}  // namespace

BoundForgetTarget Binder::bindForgetTarget(const ast::ForgetTarget& target, const BoundModel& model) const {
  BoundForgetTarget bound = bindForgetTargetRows(target, model);
  checkGeneratorTarget(target, bound, model);
  return bound;
}

BoundForgetTarget Binder::bindForgetTargetRows(const ast::ForgetTarget& target, const BoundModel& model) const {
  const BoundDataset& dataset = model.dataset;
  BoundForgetTarget bound;
  const int64_t rows = dataset.entry.num_train;
  switch (target.kind) {
    case ast::ForgetTarget::Kind::StoredSet: {
      const catalog::ForgetSetEntry set = bindStoredForgetSet(target.forget_set_id, model, target.value_pos);
      bound.kind = set.kind;
      bound.description = set.description;
      bound.classes = set.classes;
      bound.ids = set.ids;
      bound.forget_set_id = set.id;
      return bound;
    }
    case ast::ForgetTarget::Kind::Class: {
      bound.kind = ForgetScenario::Class;
      bound.description = "CLASS ";
      for (const auto& value : target.classes) {
        const int64_t c = resolveClass(value, dataset.entry.class_names);
        if (std::find(bound.classes.begin(), bound.classes.end(), c) == bound.classes.end()) {
          if (!bound.classes.empty()) bound.description += ", ";
          bound.description += "'" + dataset.entry.class_names[static_cast<size_t>(c)] + "'";
          bound.classes.push_back(c);
        }
      }
      std::sort(bound.classes.begin(), bound.classes.end());
      if (bound.classes.size() >= dataset.entry.class_names.size())
        throw Error(ErrorKind::Binder, "cannot forget every class of the dataset" + at(target.pos));
      return bound;
    }
    case ast::ForgetTarget::Kind::RandomPercent: {
      if (!(target.percent > 0 && target.percent < 100))
        throw Error(ErrorKind::Binder, "RANDOM ... PERCENT must be between 0 and 100 (exclusive), got " +
                                           formatNumber(target.percent) + at(target.value_pos));
      const int64_t seed = target.seed.value_or(1);
      if (seed < 0) throw Error(ErrorKind::Binder, "SEED must not be negative" + at(target.value_pos));
      const int64_t count = std::max<int64_t>(1, std::llround(target.percent / 100.0 * static_cast<double>(rows)));
      bound.kind = ForgetScenario::Random;
      bound.description = "RANDOM " + formatNumber(target.percent) + " PERCENT SEED " + std::to_string(seed);
      bound.ids = sampleWithoutReplacement(rows, count, static_cast<uint64_t>(seed));
      return bound;
    }
    case ast::ForgetTarget::Kind::Samples: {
      const bool from_file = !target.samples_file.empty();
      bound.kind = ForgetScenario::Samples;
      bound.ids = bindSampleIds(target, dataset.entry);
      if (static_cast<int64_t>(bound.ids.size()) >= rows)
        throw Error(ErrorKind::Binder, "SAMPLES would forget every training row" + at(target.pos));
      bound.description = "SAMPLES " + (from_file ? "FROM '" + target.samples_file + "' " : std::string()) + "(" +
                          std::to_string(bound.ids.size()) + " ids)";
      return bound;
    }
    case ast::ForgetTarget::Kind::Corrupted: {
      // REM's discovery rate: a seeded p% of the corrupted rows is known and forgotten; the
      // rest stays, still corrupted, inside the retain set.
      const BoundDataset corrupted = bindDataset(target.dataset);
      if (!corrupted.source.corruption)
        throw Error(ErrorKind::Binder, "dataset '" + corrupted.entry.name + "' is not corrupted; FORGET CORRUPTED needs a dataset "
                                       "made by CORRUPT DATASET" + at(target.dataset.pos));
      if (dataset.entry.id != corrupted.entry.id)
        throw Error(ErrorKind::Binder, "model '" + model.model.name + "' was trained on dataset '" + dataset.entry.name +
                                           "', not on the corrupted dataset '" + corrupted.entry.name + "'" + at(target.dataset.pos));
      if (!(target.percent > 0 && target.percent <= 100))
        throw Error(ErrorKind::Binder, "DISCOVERED ... PERCENT must be in (0, 100], got " + formatNumber(target.percent) +
                                           at(target.value_pos));
      const int64_t seed = target.seed.value_or(1);
      if (seed < 0) throw Error(ErrorKind::Binder, "SEED must not be negative" + at(target.value_pos));
      const std::vector<int64_t>& corrupted_rows = corrupted.source.corruption->rows;
      const auto total = static_cast<int64_t>(corrupted_rows.size());
      if (total == 0) throw Error(ErrorKind::Binder, "dataset '" + corrupted.entry.name + "' has no corrupted rows" + at(target.pos));
      const int64_t count = std::clamp<int64_t>(std::llround(target.percent / 100.0 * static_cast<double>(total)), 1, total);
      for (int64_t i : sampleWithoutReplacement(total, count, static_cast<uint64_t>(seed)))
        bound.ids.push_back(corrupted_rows[static_cast<size_t>(i)]);
      std::sort(bound.ids.begin(), bound.ids.end());
      if (static_cast<int64_t>(bound.ids.size()) >= rows)
        throw Error(ErrorKind::Binder, "FORGET CORRUPTED would forget every training row" + at(target.pos));
      bound.kind = ForgetScenario::Corrupted;
      bound.description = "CORRUPTED DISCOVERED " + formatNumber(target.percent) + " PERCENT SEED " + std::to_string(seed) +
                          " OF " + corrupted.entry.name;
      return bound;
    }
  }
  return bound;
}

namespace {

// An option the method lacks but other methods take (`p_mem` on ft) is a mix-up of methods,
// not a typo: say whose option it is. On a generator, a classifier option of the method
// (`epochs` on salun) is a mix-up of model kinds: say which options apply.
void rejectOptionsOfOtherMethods(const ast::OptionList& options, const registry::MethodSpec& spec, ModelKind kind) {
  for (const auto& option : options) {
    auto has = [&](const registry::MethodSpec& m) {
      return std::any_of(m.options.begin(), m.options.end(), [&](const OptionSpec& o) { return o.name == option.name.text; });
    };
    if (has(spec)) continue;
    std::vector<std::string> own;
    for (const auto& o : spec.options) own.push_back(o.name);
    std::vector<std::string> owners;
    for (const auto& other : registry::methods(kind))
      if (has(other)) owners.push_back(other.name);
    if (owners.empty()) {
      const ModelKind other_kind = kind == ModelKind::Generator ? ModelKind::Classifier : ModelKind::Generator;
      const auto& others = registry::methods(other_kind);
      if (std::none_of(others.begin(), others.end(), has)) continue;  // unknown everywhere: bindOptions suggests a spelling
      throw Error(ErrorKind::Binder, "option '" + option.name.text + "' is for " + modelKindName(other_kind) + "s; on " +
                                         aKind(kind) + ", method '" + spec.name + "' takes " + join(own, ", ") +
                                         at(option.name.pos));
    }
    throw Error(ErrorKind::Binder, "option '" + option.name.text + "' belongs to method" + (owners.size() > 1 ? "s " : " ") +
                                       join(owners, ", ") + ", not '" + spec.name + "' (which takes " + join(own, ", ") + ")" +
                                       at(option.name.pos));
  }
}

}  // namespace

namespace {

std::vector<std::string> calibratedMethods() {
  std::vector<std::string> names;
  for (const auto& spec : registry::methods())
    if (spec.calibration) names.push_back(spec.name);
  return names;
}

const ast::Option* findOption(const ast::OptionList& options, const std::string& name) {
  for (const auto& option : options)
    if (option.name.text == name) return &option;
  return nullptr;
}

// `calibrate` on a method that has nothing to calibrate is a misunderstanding, not a typo.
void rejectCalibrateOption(const ast::OptionList& options, const registry::MethodSpec& spec, ModelKind kind) {
  const ast::Option* option = findOption(options, "calibrate");
  if (!option || spec.calibration) return;
  // Calibration scores classifier accuracies; a generator's methods run their steps and lr as set.
  if (kind == ModelKind::Generator)
    throw Error(ErrorKind::Binder, "calibration is for classifiers: on a generator, method '" + spec.name +
                                       "' runs the options given or its defaults (DESCRIBE METHOD " + spec.name + ")" +
                                       at(option->name.pos));
  const std::string why = spec.role == registry::MethodRole::Reference ? "it trains with the model's own recipe"
                                                  : "it has no learning rate or epochs to choose";
  throw Error(ErrorKind::Binder, "method '" + spec.name + "' has nothing to calibrate: " + why + " (calibration applies to " +
                                     join(calibratedMethods(), ", ") + ")" + at(option->name.pos));
}

// What calibration chooses: the method's calibrated options the user left unset, unless
// `calibrate = false`. FORGET CORRUPTED has no retrain-free criterion (a retrain would never
// have learnt the corrupted labels, which held-out data cannot show), so it runs the base
// defaults unless calibration is asked for by name, which is an error.
std::optional<CalibrationRequest> calibrationFor(const registry::MethodSpec& spec, const ast::OptionList& given,
                                                       const OptionValues& options, const BoundForgetTarget& target,
                                                       std::string& note) {
  if (!spec.calibration) return std::nullopt;
  if (!options.boolean("calibrate")) {
    note = "off: base defaults";
    return std::nullopt;
  }
  if (target.kind == ForgetScenario::Corrupted) {
    const ast::Option* option = findOption(given, "calibrate");
    if (option)
      throw Error(ErrorKind::Binder, "calibration has no retrain-free criterion for FORGET CORRUPTED (held-out data cannot "
                                     "show what a retrain would predict for corrupted rows); leave calibrate unset or "
                                     "set the method's options" + at(option->name.pos));
    note = "not applicable to FORGET CORRUPTED: base defaults";
    return std::nullopt;
  }
  CalibrationRequest request;
  request.lr = !findOption(given, "lr");
  request.lr_min = spec.calibration->lr_min;
  request.lr_max = spec.calibration->lr_max;
  request.epochs = spec.calibration->max_epochs > 0 && !findOption(given, "epochs");
  request.max_epochs = spec.calibration->max_epochs;
  request.epoch_reads_forget = spec.calibration->reads != registry::EpochReads::Retain;
  request.epoch_reads_retain = spec.calibration->reads != registry::EpochReads::Forget;
  if (!request.lr && !request.epochs) {
    note = "none: the options it chooses are set";
    return std::nullopt;
  }
  return request;
}

}  // namespace

const registry::MethodSpec& Binder::bindMethodSpec(const ast::Name& method_name, const BoundModel& model) const {
  const std::string method = lower(method_name.text);
  const ModelKind kind = model.kind();
  if (const auto* spec = registry::findMethod(method, kind)) return *spec;
  const ModelKind other = kind == ModelKind::Generator ? ModelKind::Classifier : ModelKind::Generator;
  if (registry::findMethod(method, other))
    throw Error(ErrorKind::Binder, "method '" + method + "' applies to " + modelKindName(other) + "s; model '" +
                                       model.model.name + "' is " + aKind(kind) + " (" + model.model.arch +
                                       "), for which the methods are " + join(registry::methodNames(kind), ", ") +
                                       at(method_name.pos));
  throw Error(ErrorKind::Binder, unknownNameMessage("method", method_name.text, registry::methodNames(kind)) + at(method_name.pos));
}

BoundMethod Binder::bindMethod(const ast::Name& method_name, const ast::OptionList& given_options,
                               std::optional<double> threshold, const ast::SourcePos& threshold_pos,
                               const BoundForgetTarget& target, const BoundModel& source) const {
  BoundMethod bound;
  const std::string method = lower(method_name.text);
  const ModelKind kind = source.kind();
  const auto* spec = &bindMethodSpec(method_name, source);
  bound.name = method;
  if (spec->needs_gates && !registry::isGatedArchName(source.model.arch))
    throw Error(ErrorKind::Binder, "method '" + method + "' needs an architecture with channel gates (" +
                                       join(registry::gatedArchNames(), ", ") + "); model '" + source.model.name + "' is " +
                                       source.model.arch + at(method_name.pos));

  if (threshold) {
    if (!spec->takes_threshold)
      throw Error(ErrorKind::Binder, "method '" + method + "' takes no THRESHOLD (it uses no saliency mask)" + at(threshold_pos));
    if (!(*threshold > 0 && *threshold <= 1))
      throw Error(ErrorKind::Binder, "THRESHOLD must be in (0, 1] (the fraction of weights kept salient), got " +
                                         formatNumber(*threshold) + at(threshold_pos));
    bound.threshold = threshold;
  } else if (spec->takes_threshold) {
    bound.threshold = spec->default_threshold;
  }

  // `saliency` is not a method option: it asks for a mask, like SalUn's THRESHOLD.
  ast::OptionList options = given_options;
  const auto saliency = std::find_if(options.begin(), options.end(), [](const ast::Option& o) { return o.name.text == "saliency"; });
  if (saliency != options.end()) {
    const ast::Value& value = saliency->value;
    if (!spec->accepts_saliency) {
      std::string why = spec->takes_threshold ? "sets its saliency mask with THRESHOLD x"
                                              : "cannot take a saliency mask (" + join(saliencyMethods(kind), ", ") + " can)";
      throw Error(ErrorKind::Binder, "method '" + method + "' " + why + at(saliency->name.pos));
    }
    const bool number = value.kind == ast::Value::Kind::Integer || value.kind == ast::Value::Kind::Real;
    if (!number || !(value.real > 0 && value.real <= 1))
      throw Error(ErrorKind::Binder, "saliency must be in (0, 1] (the fraction of weights kept salient), got " +
                                         (value.text.empty() ? formatNumber(value.real) : value.text) + at(value.pos));
    bound.threshold = value.real;
    options.erase(saliency);
  }
  rejectCalibrateOption(options, *spec, kind);
  rejectOptionsOfOtherMethods(options, *spec, kind);
  bound.options = bindOptions(options, spec->options, "method '" + method + "'");
  if (spec->role == registry::MethodRole::Reference) {
    // 0 means "the model's recipe": EXPLAIN, the run row and DESCRIBE RUN show the value that
    // runs, not the 0.
    const OptionValues given = bound.options;  // iterated while bound.options changes
    for (const auto& [name, value] : given.all()) {
      const bool unset = std::visit([](const auto& v) {
        if constexpr (std::is_arithmetic_v<std::decay_t<decltype(v)>>) return v == 0;
        else return false;
      }, value);
      if (unset && source.recipe.has(name)) bound.options.set(name, source.recipe.all().at(name));
    }
  }
  bound.calibration = calibrationFor(*spec, options, bound.options, target, bound.calibration_note);
  const int64_t test_rows = source.dataset.entry.num_test;
  if (bound.calibration && std::llround(kCalibrationShare * static_cast<double>(test_rows)) < kMinCalibrationRows)
    throw Error(ErrorKind::Binder, "calibration needs held-out rows: dataset '" + source.dataset.entry.name + "' has " +
                                       std::to_string(test_rows) + " test rows, and its calibration split (a fifth of them) "
                                       "is too small to score on; set lr and epochs yourself, or WITH (calibrate = false) "
                                       "for the base defaults" + at(method_name.pos));
  return bound;
}

BoundForget Binder::bindForget(const ast::ForgetInfo& info) const {
  BoundForget bound;
  bound.source = bindModel(info.model);
  const ModelKind kind = bound.source.kind();
  ast::OptionList options = info.options;
  const ast::OptionList judge_options = takeJudgeOptions(options, bound.source);
  bound.target = bindForgetTarget(info.target, bound.source);
  BoundMethod method = bindMethod(info.method, options, info.threshold, info.threshold_pos, bound.target,
                                  bound.source);
  bound.method = method.name;
  bound.options = std::move(method.options);
  bound.threshold = method.threshold;
  bound.calibration = method.calibration;
  bound.calibration_note = method.calibration_note;

  if (info.metrics.empty() && kind == ModelKind::Generator) {
    // The judged metrics when a judge is named (they cost sampling); the run's seconds always.
    if (!judge_options.empty()) bound.metrics = registry::judgedMetrics();
    bound.metrics.push_back("rte");
  } else if (info.metrics.empty()) {
    bound.metrics = bound.target.kind == ForgetScenario::Corrupted ? corruptionDefaultMetrics(bound.source.dataset)
                                                      : registry::defaultForgetMetrics();
  } else {
    bound.metrics = bindMetrics(info.metrics, true, kind);
    checkCorruptionMetrics(bound.metrics, info.metrics, bound.source);
  }
  bound.judge = bindJudge(judge_options, bound.source, bound.metrics, info.metrics, info.model.name.pos);

  if (info.into) {
    if (catalog_.findModel(info.into->text))
      throw Error(ErrorKind::Binder, "model '" + info.into->text + "' already exists; INTO needs a new name" + at(info.into->pos));
    bound.into = info.into->text;
  }
  return bound;
}

}  // namespace lethe::planner
