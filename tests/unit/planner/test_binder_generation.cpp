// The binder on generators: options, methods and metrics by model kind, the judge, SAMPLE.
// An in-memory catalog with hand-built ASTs; nothing is trained.
#include <gtest/gtest.h>

#include <functional>

#include "common/error.hpp"
#include "common/generator_methods.hpp"
#include "planner/binder.hpp"
#include "planner/plan.hpp"
#include "planner/registry.hpp"

#include "ast_values.hpp"

namespace lethe::planner {
namespace {

using namespace test_ast;

// The message of the Binder error `f` throws; "(no error)" when it throws none.
std::string bindError(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Binder) << e.what();
    return e.what();
  }
  return "(no error)";
}

#define EXPECT_MENTIONS(message, part) EXPECT_NE((message).find(part), std::string::npos) << (message)

class GenerationBinderTest : public testing::Test {
 protected:
  void SetUp() override {
    const auto classes = registry::builtinDatasets().front().class_names;
    fmnist = insertDataset("fmnist", classes, 28);
    insertDataset("digits", {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, 28);
    insertDataset("tiny", classes, 14);
    catalog::DatasetEntry subset;
    subset.name = "sub";
    subset.kind = "subset";
    subset.parent_id = fmnist;
    subset.train_ids = {0, 1, 2};
    subset.test_ids = {0, 1};
    subset.num_train = 3;
    subset.num_test = 2;
    subset.class_names = classes;
    catalog.insertDataset(subset);
    insertModel("clf", "mlp", "fmnist");
    insertModel("gen", "ddpm", "fmnist");
    insertModel("gen2", "ddpm", "fmnist");
    insertModel("digits_clf", "mlp", "digits");
    insertModel("tiny_clf", "cnn", "tiny");
    insertModel("sub_clf", "cnn", "sub");
    insertModel("imported", "torchscript", "fmnist");
  }

  int64_t insertDataset(const std::string& name, const std::vector<std::string>& classes, int64_t side) {
    catalog::DatasetEntry d;
    d.name = name;
    d.kind = "builtin";
    d.format = "idx";
    d.path = "/data/" + name;
    d.num_train = 1000;
    d.num_test = 200;
    d.class_names = classes;
    d.height = d.width = side;
    return catalog.insertDataset(d);
  }

  void insertModel(const std::string& name, const std::string& arch, const std::string& dataset) {
    catalog::ModelEntry m;
    m.name = name;
    m.dataset_id = catalog.findDataset(dataset)->id;
    m.dataset_name = dataset;
    m.arch = arch;
    m.recipe_json = isGeneratorArch(arch) ? R"({"steps":100,"lr":0.001,"batch_size":64,"seed":1})" : R"({"epochs":1})";
    m.id = catalog.insertModel(m);
    catalog::VersionEntry v;
    v.model_id = m.id;
    catalog.insertVersion(v, {1, 2, 3});
  }

  static ast::ForgetInfo forgetClass(const std::string& model, const std::string& method, const std::string& cls = "Sneaker") {
    ast::ForgetInfo info;
    info.target.classes = {text(cls)};
    info.model.name = {model, {1, 30}};
    info.method = {method, {1, 40}};
    return info;
  }

  static ast::EvaluateModelInfo evaluate(const std::string& model) {
    ast::EvaluateModelInfo info;
    info.model.name = {model, {1, 16}};
    return info;
  }

  static ast::SampleInfo sample(const std::string& model, int64_t count) {
    ast::SampleInfo info;
    info.count = count;
    info.count_pos = {1, 8};
    info.model.name = {model, {1, 15}};
    return info;
  }

  catalog::Catalog catalog{":memory:"};
  int64_t fmnist = 0;
  Binder binder{catalog, BindSettings{}};
};

TEST_F(GenerationBinderTest, CreateModelValidatesOptionsByKind) {
  ast::CreateModelInfo info;
  info.name = {"g", {1, 14}};
  info.arch = {"ddpm", {1, 21}};
  info.dataset = {"fmnist", {1, 29}};
  info.options = {option("steps", integer(300)), option("resolution", integer(8))};
  const BoundCreateModel bound = binder.bindCreateModel(info);
  EXPECT_EQ(bound.recipe.integer("steps"), 300);
  EXPECT_EQ(bound.recipe.integer("resolution"), 8);
  EXPECT_EQ(bound.recipe.integer("channels"), 32);  // defaults from the generator's list
  EXPECT_FALSE(bound.recipe.has("epochs"));

  info.options = {option("epochs", integer(3))};
  const std::string epochs = bindError([&] { binder.bindCreateModel(info); });
  EXPECT_MENTIONS(epochs, "option 'epochs' trains a classifier; ARCH ddpm is a generator, trained with steps, batch_size");
  info.options = {option("momentum", real(0.9))};
  EXPECT_MENTIONS(bindError([&] { binder.bindCreateModel(info); }), "option 'momentum' trains a classifier");
  info.options = {option("channels", integer(33))};
  EXPECT_MENTIONS(bindError([&] { binder.bindCreateModel(info); }), "must be an even number");

  info.arch = {"cnn", {1, 21}};
  info.options = {option("resolution", integer(16))};
  EXPECT_MENTIONS(bindError([&] { binder.bindCreateModel(info); }),
                  "option 'resolution' trains a generator; ARCH cnn is a classifier, trained with epochs");
}

TEST_F(GenerationBinderTest, GeneratorMethodsAndTheirOptions) {
  const BoundForget bound = binder.bindForget(forgetClass("gen", "salun"));
  EXPECT_EQ(bound.options.integer("steps"), kGeneratorUnlearnSteps);
  EXPECT_TRUE(bound.options.has("alpha"));
  EXPECT_FALSE(bound.options.has("epochs"));
  ASSERT_TRUE(bound.threshold.has_value());
  EXPECT_DOUBLE_EQ(*bound.threshold, 0.5);
  EXPECT_FALSE(bound.calibration.has_value());  // calibration is for classifiers
  EXPECT_EQ(bound.metrics, (std::vector<std::string>{"rte"}));  // no judge: only the run's seconds
  EXPECT_FALSE(bound.judge.has_value());

  // retrain's zeros become the generator's recipe values.
  const BoundForget retrain = binder.bindForget(forgetClass("gen", "retrain"));
  EXPECT_EQ(retrain.options.integer("steps"), 100);
  EXPECT_EQ(retrain.options.integer("batch_size"), 64);
}

TEST_F(GenerationBinderTest, ClassifierOnlyMethodsAreRefusedNamingTheOnesThatApply) {
  const std::string message = bindError([&] { binder.bindForget(forgetClass("gen", "rl")); });
  EXPECT_MENTIONS(message, "method 'rl' applies to classifiers; model 'gen' is a generator (ddpm), for which the methods "
                           "are salun, ga, ft, retrain at line 1:40");
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(forgetClass("gen", "salon")); }), "Did you mean 'salun'?");
  auto info = forgetClass("gen", "salun");
  info.options = {option("epochs", integer(2))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "option 'epochs' is for classifiers; on a generator, method 'salun' takes steps, lr, batch_size, seed, alpha");
  info.options = {option("calibrate", boolean(true))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "calibration is for classifiers");
  info = forgetClass("gen", "ga");
  info.options = {option("saliency", real(0.3))};
  ASSERT_TRUE(binder.bindForget(info).threshold.has_value());  // ga and ft run under a mask when asked
  EXPECT_DOUBLE_EQ(*binder.bindForget(info).threshold, 0.3);
  info.method.text = "retrain";
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "method 'retrain' cannot take a saliency mask (ga, ft can)");
  info = forgetClass("gen", "ga");
  info.options = {option("alpha", real(0.5))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "option 'alpha' belongs to method salun, not 'ga'");
}

TEST_F(GenerationBinderTest, GeneratorsForgetWholeClassesOnly) {
  auto info = forgetClass("gen", "salun");
  info.target.kind = ast::ForgetTarget::Kind::RandomPercent;
  info.target.percent = 10;
  info.target.pos = {1, 8};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "model 'gen' is a generator (ddpm): it forgets whole classes, FORGET CLASS 'x' FROM gen; RANDOM "
                  "applies to classifiers at line 1:8");
  info.target.kind = ast::ForgetTarget::Kind::Samples;
  info.target.sample_ids = {1, 2};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "SAMPLES applies to classifiers");
}

TEST_F(GenerationBinderTest, MetricsAreCheckedAgainstTheModelsKind) {
  auto info = forgetClass("gen", "salun");
  info.metrics = names({"ua"});
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "metric 'ua' is for classifiers; the metrics of a generator are rte, ua_gen, fid, acc_gen");
  auto classifier = forgetClass("clf", "salun");
  classifier.metrics = names({"fid"});
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(classifier); }), "metric 'fid' is for generators; the metrics of a classifier are ua, ra");
}

TEST_F(GenerationBinderTest, TheJudgeIsAClassifierOfTheGeneratorsClassesAndSize) {
  auto info = forgetClass("gen", "salun");
  info.options = {option("judge", word("clf")), option("samples", integer(20)), option("steps", integer(5))};
  const BoundForget bound = binder.bindForget(info);
  ASSERT_TRUE(bound.judge.has_value());
  EXPECT_EQ(bound.judge->model.display(), "clf@1");
  EXPECT_EQ(bound.judge->samples_per_class, 20);
  EXPECT_EQ(bound.judge->steps, 50);
  EXPECT_DOUBLE_EQ(bound.judge->guidance, 2.0);
  EXPECT_EQ(bound.options.integer("steps"), 5);  // the method's, not the judge's
  EXPECT_FALSE(bound.options.has("samples"));
  EXPECT_EQ(bound.metrics, (std::vector<std::string>{"ua_gen", "fid", "acc_gen", "rte"}));
  EXPECT_EQ(bound.judge->describe(), "clf@1 (20 samples per class, 50 steps, guidance 2, seed 1)");

  // A subset of the generator's dataset and 'model@version' both do.
  info.options = {option("judge", text("sub_clf@1"))};
  EXPECT_EQ(binder.bindForget(info).judge->model.display(), "sub_clf@1");

  info.options = {option("judge", word("gen2"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "judge 'gen2@1' is a generator (ddpm); the judge must be a classifier");
  info.options = {option("judge", word("digits_clf"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "judge 'digits_clf@1' was trained on dataset 'digits', whose classes (0, 1, 2");
  info.options = {option("judge", word("tiny_clf"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "judge 'tiny_clf@1' was trained on dataset 'tiny' of 1x14x14 images, not the 1x28x28 images of 'fmnist'");
  info.options = {option("judge", word("imported"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "judge 'imported@1' is an imported TorchScript model");
  info.options = {option("judge", word("nobody"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "unknown model 'nobody'");
  info.options = {option("judge", text("clf@x"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "names a model as 'name' or 'name@version'");
  info.options = {option("samples", integer(20))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "no judge is named: add judge = <classifier>");
  info.options = {option("judge", word("clf")), option("guidance", real(-1))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "option 'guidance' of the judge must be between 0 and 100");
  info.options = {option("judge", word("clf"))};
  info.metrics = names({"rte"});
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }), "a judge is read only by ua_gen, fid, acc_gen");
}

TEST_F(GenerationBinderTest, JudgedMetricsWithoutAJudgeNameTheFix) {
  auto info = forgetClass("gen", "salun");
  info.metrics = names({"fid"});
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "metric 'fid' needs a judge: add WITH (judge = <classifier>), a classifier of generator 'gen''s dataset");
  auto ev = evaluate("gen");
  ev.forget_set_id = std::nullopt;
  ev.metrics = names({"acc_gen"});
  EXPECT_MENTIONS(bindError([&] { binder.bindEvaluate(ev); }), "metric 'acc_gen' needs a judge");
  ev.metrics = {};
  EXPECT_MENTIONS(bindError([&] { binder.bindEvaluate(ev); }),
                  "EVALUATE of generator 'gen' needs a judge: add WITH (judge = <classifier>)");
  ev.options = {option("judge", word("clf"))};
  const BoundEvaluate bound = binder.bindEvaluate(ev);
  EXPECT_EQ(bound.metrics, (std::vector<std::string>{"fid", "acc_gen"}));  // ua_gen needs a forget set
  ev.metrics = names({"ua_gen"});
  EXPECT_MENTIONS(bindError([&] { binder.bindEvaluate(ev); }), "metric 'ua_gen' needs a forget set");
  ev.metrics = {};
  ev.options = {option("judge", word("clf")), option("seed", integer(3))};
  EXPECT_MENTIONS(bindError([&] { binder.bindEvaluate(ev); }), "unknown option 'seed' (known: judge, samples, sample_steps, guidance, sample_seed) for the judge");
}

TEST_F(GenerationBinderTest, ClassifierStatementsTakeNoJudge) {
  auto info = forgetClass("clf", "salun");
  info.options = {option("judge", word("clf"))};
  EXPECT_MENTIONS(bindError([&] { binder.bindForget(info); }),
                  "option 'judge' sets the judge of a generator's metrics (ua_gen, fid, acc_gen); model 'clf' is a classifier");
  auto ev = evaluate("clf");
  ev.options = {option("samples", integer(3))};
  EXPECT_MENTIONS(bindError([&] { binder.bindEvaluate(ev); }), "option 'samples' sets the judge");
  ev.options = {option("lr", integer(3))};
  EXPECT_MENTIONS(bindError([&] { binder.bindEvaluate(ev); }), "EVALUATE MODEL takes options only for a generator's judge");
}

TEST_F(GenerationBinderTest, CompareOnAGeneratorNeedsAJudgeAndComparesTheJudgedMetrics) {
  ast::CompareInfo info;
  info.methods = names({"salun", "ga"});
  info.target.classes = {text("Bag")};
  info.model.name = {"gen", {1, 50}};
  EXPECT_MENTIONS(bindError([&] { binder.bindCompare(info); }), "COMPARE METHODS on generator 'gen' needs a judge");
  info.options = {option("judge", word("clf")), option("steps", integer(7)), option("ga.lr", real(1e-6))};
  const BoundCompare bound = binder.bindCompare(info);
  EXPECT_EQ(bound.metrics, registry::judgedMetrics());
  ASSERT_EQ(bound.methods.size(), 3u);  // retrain first, as the reference
  EXPECT_EQ(bound.methods[0].name, "retrain");
  EXPECT_EQ(bound.methods[0].options.integer("steps"), 100);  // the reference keeps the recipe
  EXPECT_EQ(bound.methods[1].options.integer("steps"), 7);
  EXPECT_DOUBLE_EQ(bound.methods[2].options.real("lr"), 1e-6);
  info.methods = names({"salun", "scrub"});
  EXPECT_MENTIONS(bindError([&] { binder.bindCompare(info); }), "method 'scrub' applies to classifiers");
}

TEST_F(GenerationBinderTest, SampleResolvesClassOptionsAndWhereTheImagesGo) {
  auto info = sample("gen", 8);
  info.class_value = text("sneaker");
  info.options = {option("guidance", real(3.5))};
  BoundSample bound = binder.bindSample(info);
  EXPECT_EQ(bound.class_index, 7);
  EXPECT_EQ(bound.images(), 8);
  EXPECT_EQ(bound.steps, 50);
  EXPECT_DOUBLE_EQ(bound.guidance, 3.5);
  EXPECT_FALSE(bound.file.has_value());
  EXPECT_EQ(bound.dataset, "gen_samples");

  info.class_value.reset();
  info.into_dataset = ast::Name{"mine", {1, 30}};
  bound = binder.bindSample(info);
  EXPECT_EQ(bound.images(), 80);  // 8 of each of 10 classes
  EXPECT_EQ(bound.dataset, "mine");
  info.into_dataset = ast::Name{"fmnist", {1, 30}};
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(info); }), "dataset 'fmnist' already exists; INTO needs a new name");

  info.into_dataset.reset();
  info.into_file = text("grid.png");
  EXPECT_EQ(*binder.bindSample(info).file, "grid.png");
  info.into_file = text("grid.jpg");
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(info); }), "the file name must end in .png");

  const auto lines = planSample(bound).render();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "CATALOG_WRITE dataset mine (the samples)");
  EXPECT_EQ(lines[1].rfind("└── SAMPLE 80 images: 8 of each of 10 classes (DDIM 50 steps, guidance 3.5, seed 1)", 0), 0u)
      << lines[1];
}

TEST_F(GenerationBinderTest, SampleErrors) {
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(sample("clf", 4)); }),
                  "SAMPLE draws from a generator; model 'clf' is a classifier (mlp)");
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(sample("gen", 0)); }), "SAMPLE draws between 1 and 10000 images (per class), got 0 at line 1:8");
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(sample("gen", -3)); }), "got -3");
  auto info = sample("gen", 4);
  info.class_value = text("Sneakers");
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(info); }), "unknown class 'Sneakers'. Did you mean 'Sneaker'?");
  info = sample("gen", 4);
  info.options = {option("guidance", real(-0.5))};
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(info); }), "option 'guidance' of SAMPLE must be between 0 and 100, got -0.5");
  info.options = {option("steps", integer(0))};
  EXPECT_MENTIONS(bindError([&] { binder.bindSample(info); }), "option 'steps' of SAMPLE must be between 1 and 1000, got 0");
}

TEST_F(GenerationBinderTest, ExportRefusesGenerators) {
  ast::ExportModelInfo info;
  info.model.name = {"gen", {1, 14}};
  info.path = text("gen.pt");
  EXPECT_MENTIONS(bindError([&] { binder.bindExportModel(info); }), "EXPORT MODEL writes classifiers as TorchScript; 'gen@1' is a generator");
}

TEST(GenerationRegistry, KindsOfArchsMethodsAndMetrics) {
  ASSERT_NE(registry::findArch("ddpm"), nullptr);
  for (const auto& arch : registry::archs())
    EXPECT_EQ(arch.kind() == ModelKind::Generator, arch.name == "ddpm") << arch.name;
  EXPECT_EQ(registry::methodNames(ModelKind::Generator), generatorMethodNames());
  EXPECT_EQ(registry::judgedMetrics(), (std::vector<std::string>{"ua_gen", "fid", "acc_gen"}));
  EXPECT_EQ(registry::metricNames(ModelKind::Generator), (std::vector<std::string>{"rte", "ua_gen", "fid", "acc_gen"}));
  for (const auto& name : registry::metricNames(ModelKind::Classifier))
    EXPECT_FALSE(registry::findMetric(name)->needs_judge) << name;
  // Every generator method's options are the executors' table, defaults inside their ranges.
  for (const auto& method : registry::generatorMethods()) {
    const auto table = generatorMethodOptions(method.name);
    ASSERT_EQ(method.options.size(), table.size()) << method.name;
    for (size_t i = 0; i < table.size(); ++i) EXPECT_EQ(method.options[i].default_value, table[i].default_value);
    EXPECT_FALSE(method.calibration.has_value()) << method.name;
  }
}

}  // namespace
}  // namespace lethe::planner
