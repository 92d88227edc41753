// The binder against an in-memory catalog, with ASTs built by hand (no parser needed).
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/plan.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {

namespace {

ast::Value integer(int64_t v) {
  ast::Value value;
  value.kind = ast::Value::Kind::Integer;
  value.integer = v;
  value.real = static_cast<double>(v);
  value.text = std::to_string(v);
  return value;
}

ast::Value real(double v) {
  ast::Value value;
  value.kind = ast::Value::Kind::Real;
  value.real = v;
  value.text = std::to_string(v);
  return value;
}

ast::Option option(const std::string& name, ast::Value value) { return {{name, {1, 1}}, value}; }

class BinderTest : public testing::Test {
 protected:
  void SetUp() override {
    catalog::DatasetEntry d;
    d.name = "fmnist";
    d.kind = "builtin";
    d.format = "idx";
    d.path = "/data";
    d.num_train = 1000;
    d.num_test = 200;
    d.class_names = registry::builtinDatasets().front().class_names;
    dataset_id = catalog.insertDataset(d);
    insertModel("clf", "mlp");
  }

  // A model of `arch` on fmnist with one version, trained `epochs` epochs.
  void insertModel(const std::string& name, const std::string& arch, int64_t epochs = 1) {
    catalog::ModelEntry m;
    m.name = name;
    m.dataset_id = dataset_id;
    m.dataset_name = "fmnist";
    m.arch = arch;
    m.recipe_json = R"({"epochs":)" + std::to_string(epochs) + "}";
    m.id = catalog.insertModel(m);
    catalog::VersionEntry v;
    v.model_id = m.id;
    catalog.insertVersion(v, {1, 2, 3});
  }

  ast::ForgetInfo forgetClass(const std::string& name) {
    ast::ForgetInfo info;
    ast::Value c;
    c.kind = ast::Value::Kind::String;
    c.text = name;
    info.target.classes = {c};
    info.model.name = {"clf", {1, 1}};
    info.method = {"salun", {1, 1}};
    return info;
  }

  catalog::Catalog catalog{":memory:"};
  int64_t dataset_id = 0;
  Binder binder{catalog, BindSettings{}};
};

std::string bindError(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_F(BinderTest, OptionsGetDefaultsAndKeepGivenValues) {
  const auto* salun = registry::findMethod("salun");
  const auto options = binder.bindOptions({option("epochs", integer(3)), option("lr", integer(1))}, salun->options, "salun");
  EXPECT_EQ(options.integer("epochs"), 3);
  EXPECT_DOUBLE_EQ(options.real("lr"), 1.0);  // an integer literal is a fine real
  EXPECT_EQ(options.integer("batch_size"), 256);
  EXPECT_DOUBLE_EQ(options.real("momentum"), 0.9);
}

TEST_F(BinderTest, SessionSeedReplacesTheDefaultSeed) {
  Binder seeded(catalog, BindSettings{int64_t{42}, false});
  const auto* salun = registry::findMethod("salun");
  EXPECT_EQ(seeded.bindOptions({}, salun->options, "salun").integer("seed"), 42);
  EXPECT_EQ(seeded.bindOptions({option("seed", integer(5))}, salun->options, "salun").integer("seed"), 5);
}

TEST_F(BinderTest, OptionErrorsNameTheProblem) {
  const auto& specs = registry::findMethod("salun")->options;
  EXPECT_EQ(bindError([&] { binder.bindOptions({option("epoch", integer(3))}, specs, "method 'salun'"); }),
            "unknown option 'epoch'. Did you mean 'epochs'? for method 'salun' at line 1:1");
  EXPECT_NE(bindError([&] { binder.bindOptions({option("epochs", real(2.5))}, specs, "m"); }).find("must be an integer"),
            std::string::npos);
  EXPECT_NE(bindError([&] { binder.bindOptions({option("momentum", real(1.5))}, specs, "m"); }).find("must be between 0 and 1"),
            std::string::npos);
}

TEST_F(BinderTest, ForgetClassResolvesNameAndDefaults) {
  const auto bound = binder.bindForget(forgetClass("sneaker"));  // class names are case-insensitive
  EXPECT_EQ(bound.target.kind, "class");
  EXPECT_EQ(bound.target.classes, (std::vector<int64_t>{7}));
  EXPECT_EQ(bound.target.description, "CLASS 'Sneaker'");
  ASSERT_TRUE(bound.threshold.has_value());
  EXPECT_DOUBLE_EQ(*bound.threshold, 0.5);
  EXPECT_EQ(bound.metrics, registry::defaultForgetMetrics());
  EXPECT_EQ(bound.source.display(), "clf@1");
}

TEST_F(BinderTest, ForgetRandomDrawsAStableSeededSet) {
  auto info = forgetClass("Bag");
  info.target.kind = ast::ForgetTarget::Kind::RandomPercent;
  info.target.percent = 10;
  info.target.seed = 3;
  const auto a = binder.bindForget(info), b = binder.bindForget(info);
  EXPECT_EQ(a.target.ids.size(), 100u);
  EXPECT_EQ(a.target.ids, b.target.ids);
}

TEST_F(BinderTest, ScenarioDefaultsApplyOnlyWhenTheOptionIsNotGiven) {
  EXPECT_DOUBLE_EQ(binder.bindForget(forgetClass("Bag")).options.real("lr"), 0.002);
  auto info = forgetClass("Bag");
  info.target.kind = ast::ForgetTarget::Kind::RandomPercent;
  info.target.percent = 10;
  EXPECT_DOUBLE_EQ(binder.bindForget(info).options.real("lr"), 0.008);
  // A forget set of 30% or more of the rows takes the large-set default.
  info.target.percent = 29;
  EXPECT_DOUBLE_EQ(binder.bindForget(info).options.real("lr"), 0.008);
  info.target.percent = 30;
  EXPECT_DOUBLE_EQ(binder.bindForget(info).options.real("lr"), 0.0005);
  info.options = {option("lr", real(0.05))};
  EXPECT_DOUBLE_EQ(binder.bindForget(info).options.real("lr"), 0.05);
}

TEST_F(BinderTest, ScenarioDefaultsFollowTheModelsArchitecture) {
  insertModel("res", "resnet20");
  auto info = forgetClass("Bag");
  info.model.name.text = "res";
  // salun's class-wise rate on resnet20 (measured there) differs from the mlp's general one.
  EXPECT_DOUBLE_EQ(binder.bindForget(info).options.real("lr"), 0.025);
  EXPECT_DOUBLE_EQ(binder.bindForget(forgetClass("Bag")).options.real("lr"), 0.002);
  info.target.kind = ast::ForgetTarget::Kind::RandomPercent;
  info.target.percent = 40;
  EXPECT_DOUBLE_EQ(binder.bindForget(info).options.real("lr"), 0.0005);
}

TEST_F(BinderTest, ScenarioDefaultsFollowTheLengthOfTheModelsRecipe) {
  insertModel("short", "cnn", 39);
  insertModel("long", "cnn", 40);
  insertModel("long_mlp", "mlp", 40);
  auto info = forgetClass("Bag");
  const auto bind = [&](const std::string& model) {
    info.model.name.text = model;
    return binder.bindForget(info).options;
  };
  // Class-wise: a cnn that trained 40 epochs gets more, smaller steps.
  EXPECT_EQ(bind("long").integer("epochs"), 4);
  EXPECT_DOUBLE_EQ(bind("long").real("lr"), 0.0005);
  EXPECT_EQ(bind("long").integer("batch_size"), 64);
  EXPECT_EQ(bind("short").integer("batch_size"), 256);
  EXPECT_EQ(bind("short").integer("epochs"), 2);
  EXPECT_DOUBLE_EQ(bind("short").real("lr"), 0.002);
  EXPECT_EQ(bind("long_mlp").integer("epochs"), 2);  // measured on cnn only
  info.target.kind = ast::ForgetTarget::Kind::RandomPercent;
  info.target.percent = 10;
  EXPECT_EQ(bind("long").integer("epochs"), 5);
  EXPECT_DOUBLE_EQ(bind("long").real("lr"), 0.013);
  EXPECT_DOUBLE_EQ(bind("short").real("lr"), 0.008);
  // On a large forget set the >= 30% defaults still win.
  info.target.percent = 50;
  EXPECT_EQ(bind("long").integer("epochs"), 1);
  EXPECT_DOUBLE_EQ(bind("long").real("lr"), 0.0005);
  // A user's option beats every default.
  info.options = {option("epochs", integer(3))};
  EXPECT_EQ(bind("long").integer("epochs"), 3);
}

TEST_F(BinderTest, EveryTunedMethodHasItsOwnDefaultsOnALongTrainedCnn) {
  insertModel("short", "cnn", 15);
  insertModel("long", "cnn", 40);
  auto info = forgetClass("Bag");
  const auto bind = [&](const std::string& method, const std::string& model, int64_t percent) {
    info.method.text = method;
    info.model.name.text = model;
    info.target.kind = percent ? ast::ForgetTarget::Kind::RandomPercent : ast::ForgetTarget::Kind::Class;
    info.target.percent = percent;
    return binder.bindForget(info).options;
  };
  EXPECT_DOUBLE_EQ(bind("bs", "long", 0).real("lr"), 2e-4);
  EXPECT_DOUBLE_EQ(bind("bs", "short", 0).real("lr"), 3e-4);
  EXPECT_DOUBLE_EQ(bind("iu", "long", 10).real("alpha"), 6.0);
  EXPECT_DOUBLE_EQ(bind("iu", "long", 50).real("alpha"), 2.0);
  EXPECT_DOUBLE_EQ(bind("iu", "short", 10).real("alpha"), 1.0);
  EXPECT_DOUBLE_EQ(bind("iu", "long", 0).real("alpha"), 2.0);
  for (const std::string method : {"ft", "l1_sparse"}) {
    EXPECT_EQ(bind(method, "long", 10).integer("epochs"), 5) << method;
    EXPECT_DOUBLE_EQ(bind(method, "long", 50).real("lr"), 0.03) << method;
    EXPECT_EQ(bind(method, "short", 10).integer("epochs"), 2) << method;
  }
}

TEST_F(BinderTest, TheRandomLabelFamilyOnALongTrainedResnet20) {
  insertModel("res_long", "resnet20", 40);
  insertModel("res_short", "resnet20", 15);
  auto info = forgetClass("Bag");
  info.target.kind = ast::ForgetTarget::Kind::RandomPercent;
  const auto bind = [&](const std::string& method, const std::string& model, int64_t percent) {
    info.method.text = method;
    info.model.name.text = model;
    info.target.percent = percent;
    return binder.bindForget(info).options;
  };
  for (const std::string method : {"rl", "salun", "salun_soft"}) {
    // A small set: 4 epochs in the usual batches.
    EXPECT_EQ(bind(method, "res_long", 10).integer("epochs"), 4) << method;
    EXPECT_EQ(bind(method, "res_long", 10).integer("batch_size"), 256) << method;
    // Half the rows: the large-set epoch wins over the 4 listed before it, in batches of 64.
    EXPECT_EQ(bind(method, "res_long", 50).integer("epochs"), 1) << method;
    EXPECT_EQ(bind(method, "res_long", 50).integer("batch_size"), 64) << method;
    // A short recipe keeps the 15-epoch model's defaults.
    EXPECT_EQ(bind(method, "res_short", 50).integer("batch_size"), 256) << method;
    EXPECT_EQ(bind(method, "res_short", 10).integer("epochs"), 2) << method;
  }
  EXPECT_DOUBLE_EQ(bind("salun", "res_long", 50).real("lr"), 0.0005);
  EXPECT_DOUBLE_EQ(bind("rl", "res_long", 50).real("lr"), 0.0005);
  EXPECT_DOUBLE_EQ(bind("salun_soft", "res_long", 50).real("lr"), 0.0004);
  EXPECT_DOUBLE_EQ(bind("rl", "res_short", 50).real("lr"), 0.0003);
}

TEST_F(BinderTest, ForgetErrors) {
  EXPECT_EQ(bindError([&] { binder.bindForget(forgetClass("Sneakers")); }),
            "unknown class 'Sneakers'. Did you mean 'Sneaker'?");
  auto info = forgetClass("Bag");
  info.threshold = 0.0;
  EXPECT_NE(bindError([&] { binder.bindForget(info); }).find("THRESHOLD must be in (0, 1]"), std::string::npos);
  info = forgetClass("Bag");
  info.target.kind = ast::ForgetTarget::Kind::Samples;
  info.target.sample_ids = {5, 1000};
  EXPECT_NE(bindError([&] { binder.bindForget(info); }).find("sample id 1000 is out of range"), std::string::npos);
}

TEST_F(BinderTest, DroppedDatasetIsNamed) {
  catalog.deleteDataset(dataset_id);
  EXPECT_NE(bindError([&] { binder.bindForget(forgetClass("Bag")); }).find("trained on dataset 'fmnist', which has been dropped"),
            std::string::npos);
}

TEST_F(BinderTest, PlanRendersAsATree) {
  const auto plan = planForget(binder.bindForget(forgetClass("Bag")));
  const auto lines = plan.render();
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].rfind("CATALOG_WRITE", 0), 0u);
  EXPECT_EQ(lines[5], "                └── LOAD_MODEL clf@1 (mlp on fmnist)");
}

TEST(Registry, ScenarioDefaultsCanBeNarrowedToAnArchitecture) {
  const registry::ScenarioDefault everywhere{"class", "lr", 0.1};
  const registry::ScenarioDefault resnet{"class", "lr", 0.1, 0.0, "resnet20"};
  EXPECT_TRUE(registry::appliesToArch(everywhere, "cnn"));
  EXPECT_TRUE(registry::appliesToArch(resnet, "resnet20"));
  EXPECT_TRUE(registry::appliesToArch(resnet, "resnet20_gated"));
  EXPECT_FALSE(registry::appliesToArch(resnet, "cnn"));
  EXPECT_FALSE(registry::appliesToArch(resnet, "resnet20x"));
}

TEST(Registry, EveryMethodOptionDefaultIsInsideItsRange) {
  for (const auto& method : registry::methods()) {
    for (const auto& o : method.options) {
      if (o.type != OptionType::Integer && o.type != OptionType::Real) continue;
      const double v = std::holds_alternative<int64_t>(o.default_value) ? static_cast<double>(std::get<int64_t>(o.default_value))
                                                                         : std::get<double>(o.default_value);
      if (o.min) EXPECT_GE(v, *o.min) << method.name << "." << o.name;
      if (o.max) EXPECT_LE(v, *o.max) << method.name << "." << o.name;
    }
  }
}

}  // namespace lethe::planner
