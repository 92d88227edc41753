// The binder against an in-memory catalog, with ASTs built by hand (no parser needed).
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "planner/binder.hpp"
#include "planner/plan.hpp"
#include "planner/registry.hpp"

#include "ast_values.hpp"

namespace lethe::planner {

namespace {

using namespace test_ast;


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
  EXPECT_EQ(bound.target.kind, ForgetScenario::Class);
  EXPECT_EQ(bound.target.classes, (std::vector<int64_t>{7}));
  EXPECT_EQ(bound.target.description, "CLASS 'Sneaker'");
  ASSERT_TRUE(bound.threshold.has_value());
  EXPECT_DOUBLE_EQ(*bound.threshold, 0.5);
  EXPECT_EQ(bound.metrics, registry::defaultForgetMetrics());
  EXPECT_EQ(bound.source.display(), "clf@1");
}

TEST_F(BinderTest, GapBringsTheMetricsItAverages) {
  auto info = forgetClass("Bag");
  info.metrics = names({"gap"});
  EXPECT_EQ(binder.bindForget(info).metrics, (std::vector<std::string>{"ua", "ra", "ta", "mia", "gap"}));
  info.metrics = names({"ta", "gap", "rte"});
  EXPECT_EQ(binder.bindForget(info).metrics, (std::vector<std::string>{"ta", "ua", "ra", "mia", "gap", "rte"}));
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

TEST_F(BinderTest, CalibrationChoosesTheOptionsTheUserLeavesUnset) {
  const auto both = binder.bindForget(forgetClass("Bag"));
  ASSERT_TRUE(both.calibration.has_value());
  EXPECT_TRUE(both.calibration->lr);
  EXPECT_TRUE(both.calibration->epochs);
  EXPECT_DOUBLE_EQ(both.calibration->lr_min, registry::findMethod("salun")->calibration->lr_min);
  // The base defaults stay in the options: where the search starts, and what calibrate = false runs.
  EXPECT_DOUBLE_EQ(both.options.real("lr"), 0.002);
  auto info = forgetClass("Bag");
  info.options = {option("lr", real(0.01))};
  const auto epochs_only = binder.bindForget(info);
  ASSERT_TRUE(epochs_only.calibration.has_value());
  EXPECT_FALSE(epochs_only.calibration->lr);
  EXPECT_DOUBLE_EQ(epochs_only.options.real("lr"), 0.01);
  info.options = {option("lr", real(0.01)), option("epochs", integer(3))};
  EXPECT_FALSE(binder.bindForget(info).calibration.has_value());
  EXPECT_EQ(binder.bindForget(info).calibration_note, "none: the options it chooses are set");
}

TEST_F(BinderTest, CalibrateFalseGivesTheBaseDefaults) {
  auto info = forgetClass("Bag");
  ast::Value no;
  no.kind = ast::Value::Kind::Boolean;
  no.boolean = false;
  info.options = {option("calibrate", no)};
  const auto bound = binder.bindForget(info);
  EXPECT_FALSE(bound.calibration.has_value());
  EXPECT_EQ(bound.options.integer("epochs"), 2);
  EXPECT_DOUBLE_EQ(bound.options.real("lr"), 0.002);
}

TEST_F(BinderTest, CalibrationErrorsNameTheProblem) {
  auto info = forgetClass("Bag");
  info.method.text = "retrain";
  ast::Value yes;
  yes.kind = ast::Value::Kind::Boolean;
  yes.boolean = true;
  info.options = {option("calibrate", yes)};
  EXPECT_NE(bindError([&] { binder.bindForget(info); }).find("method 'retrain' has nothing to calibrate"), std::string::npos);
  ast::Value text;
  text.kind = ast::Value::Kind::String;
  text.text = "yes";
  info.method.text = "salun";
  info.options = {option("calibrate", text)};
  EXPECT_NE(bindError([&] { binder.bindForget(info); }).find("option 'calibrate' of method 'salun' must be TRUE or FALSE"),
            std::string::npos);
}

TEST_F(BinderTest, CalibrationNeedsHeldOutRows) {
  catalog::DatasetEntry d;
  d.name = "tiny_test";
  d.kind = "builtin";
  d.format = "idx";
  d.num_train = 1000;
  d.num_test = 50;  // a calibration split of 10 rows
  d.class_names = registry::builtinDatasets().front().class_names;
  const int64_t id = catalog.insertDataset(d);
  catalog::ModelEntry m;
  m.name = "few";
  m.dataset_id = id;
  m.dataset_name = d.name;
  m.arch = "mlp";
  m.recipe_json = R"({"epochs":1})";
  m.id = catalog.insertModel(m);
  catalog::VersionEntry v;
  v.model_id = m.id;
  catalog.insertVersion(v, {1, 2, 3});
  auto info = forgetClass("Bag");
  info.model.name.text = "few";
  EXPECT_NE(bindError([&] { binder.bindForget(info); }).find("calibration needs held-out rows"), std::string::npos);
  info.options = {option("lr", real(0.01)), option("epochs", integer(2))};
  EXPECT_NO_THROW(binder.bindForget(info));
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
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0].rfind("CATALOG_WRITE", 0), 0u);
  EXPECT_EQ(lines[2].rfind("    └── UNLEARN salun (", 0), 0u);
  EXPECT_NE(lines[2].find("epochs=calibrated"), std::string::npos);
  EXPECT_EQ(lines[3].rfind("        └── CALIBRATE lr in [", 0), 0u);
  EXPECT_EQ(lines[6], "                    └── LOAD_MODEL clf@1 (mlp on fmnist)");
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

namespace lethe::planner {

TEST_F(BinderTest, DatasetDirectoryThatCannotBeStatedIsAnIoError) {
  // A path component longer than the file system allows: ENAMETOOLONG used to escape as
  // std::filesystem_error instead of a lethe::Error.
  ast::CreateDatasetInfo info;
  info.name = {"d", {1, 16}};
  info.source = ast::CreateDatasetInfo::Source::Path;
  info.location.kind = ast::Value::Kind::String;
  info.location.text = std::string(300, 'a');
  info.location.pos = {1, 23};
  info.format = {"idx", {1, 335}};
  try {
    binder.bindCreateDataset(info);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_NE(std::string(e.what()).find("cannot be read: File name too long at line 1:23"), std::string::npos) << e.what();
  }
  info.location.text = "no/such/folder";
  const std::string missing = bindError([&] { binder.bindCreateDataset(info); });
  EXPECT_NE(missing.find("dataset directory 'no/such/folder' does not exist"), std::string::npos) << missing;
}

}  // namespace lethe::planner
