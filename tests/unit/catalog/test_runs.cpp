// Runs and metrics, and the lookup of a cached retrain run.
#include <cmath>

#include "catalog_fixtures.hpp"

namespace lethe::catalog {
namespace {

using testing::expectCatalogError;
using testing::patternBytes;
using testing::sampleDataset;
using testing::sampleModel;
using testing::sampleVersion;

RunEntry forgetRun(const std::string& method, int64_t source_version, int64_t forget_set) {
  RunEntry run;
  run.kind = "forget";
  run.statement = "FORGET CLASS 'Sneaker' FROM clf USING " + method + ";";
  run.plan = "Unlearn(" + method + ")";
  run.method = method;
  run.source_version_id = source_version;
  run.forget_set_id = forget_set;
  run.options_json = R"({"epochs":5})";
  run.seconds = 1.25;
  return run;
}

class CatalogRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    dataset = catalog.insertDataset(sampleDataset());
    model = catalog.insertModel(sampleModel(dataset));
    version = catalog.insertVersion(sampleVersion(model, 1), patternBytes(100, 1));
    ForgetSetEntry set;
    set.dataset_id = dataset;
    set.kind = ForgetScenario::Class;
    set.ids = {1, 2};
    forget_set = catalog.insertForgetSet(set);
  }
  Catalog catalog{":memory:"};
  int64_t dataset = 0, model = 0, version = 0, forget_set = 0;
};

TEST_F(CatalogRuns, AVersionIsStoredWithItsRunAndMetricsInOneCall) {
  VersionEntry next = sampleVersion(model, 2);
  next.parent_version_id = version;
  const Catalog::StoredVersion stored =
      catalog.insertVersionWithRun(forgetRun("salun", version, forget_set), next, patternBytes(50, 2), {{"ua", 91.5}});
  const auto run = catalog.runById(stored.run_id);
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->result_version_id, stored.version_id);
  const auto written = catalog.versionById(stored.version_id);
  ASSERT_TRUE(written.has_value());
  EXPECT_EQ(written->run_id, stored.run_id);
  EXPECT_EQ(written->version, 2);
  EXPECT_EQ(catalog.loadVersionWeights(*written), patternBytes(50, 2));
  const auto metrics = catalog.metricsForRun(stored.run_id);
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0].name, "ua");
  EXPECT_DOUBLE_EQ(metrics[0].value, 91.5);
}

TEST_F(CatalogRuns, RunRoundTripsAndNamesItsResultVersion) {
  RunEntry run = forgetRun("salun", version, forget_set);
  run.model_id = model;
  int64_t id = catalog.insertRun(run);
  VersionEntry produced = sampleVersion(model, 2);
  produced.parent_version_id = version;
  produced.run_id = id;
  int64_t v2 = catalog.insertVersion(produced, patternBytes(100, 2));
  catalog.setRunResultVersion(id, v2);

  auto found = catalog.runById(id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->kind, "forget");
  EXPECT_EQ(found->statement, run.statement);
  EXPECT_EQ(found->plan, "Unlearn(salun)");
  EXPECT_EQ(found->model_id, model);
  EXPECT_EQ(found->source_version_id, version);
  EXPECT_EQ(found->result_version_id, v2);
  EXPECT_EQ(found->forget_set_id, forget_set);
  EXPECT_EQ(found->method, "salun");
  EXPECT_EQ(found->options_json, R"({"epochs":5})");
  EXPECT_EQ(found->status, "ok");
  EXPECT_DOUBLE_EQ(found->seconds, 1.25);
  EXPECT_FALSE(found->started_at.empty());
  EXPECT_EQ(catalog.versionById(v2)->run_id, id);
  expectCatalogError([&] { catalog.setRunResultVersion(id + 50, v2); }, "does not exist");
}

TEST_F(CatalogRuns, StartedAtIsKeptWhenGivenAndRunsListInOrder) {
  RunEntry train;
  train.kind = "train";
  train.started_at = "2024-01-02T03:04:05.678Z";
  int64_t first = catalog.insertRun(train);
  int64_t second = catalog.insertRun(forgetRun("ga", version, forget_set));
  auto runs = catalog.listRuns();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, first);
  EXPECT_EQ(runs[0].started_at, "2024-01-02T03:04:05.678Z");
  EXPECT_FALSE(runs[0].model_id.has_value());
  EXPECT_EQ(runs[0].method, "");
  EXPECT_EQ(runs[1].id, second);
  EXPECT_FALSE(catalog.runById(second + 1).has_value());
}

TEST_F(CatalogRuns, MetricsKeepOrderAndNaN) {
  int64_t run = catalog.insertRun(forgetRun("salun", version, forget_set));
  catalog.insertMetric(run, "ua", 0.98);
  catalog.insertMetric(run, "mia", std::nan(""));
  catalog.insertMetric(run, "ta", 0.9);
  auto metrics = catalog.metricsForRun(run);
  ASSERT_EQ(metrics.size(), 3u);
  EXPECT_EQ(metrics[0].name, "ua");
  EXPECT_DOUBLE_EQ(metrics[0].value, 0.98);
  EXPECT_EQ(metrics[0].run_id, run);
  EXPECT_TRUE(std::isnan(metrics[1].value));
  EXPECT_EQ(metrics[2].name, "ta");
  EXPECT_TRUE(catalog.metricsForRun(run + 1).empty());
  expectCatalogError([&] { catalog.insertMetric(run, "ua", 0.5); },
                     "run " + std::to_string(run) + " already has metric 'ua'");
  expectCatalogError([&] { catalog.insertMetric(run + 9, "ua", 0.5); }, "does not exist");
}

TEST_F(CatalogRuns, FindRetrainRunTakesTheNewestSuccessfulMatch) {
  EXPECT_FALSE(catalog.findRetrainRun(version, forget_set).has_value());
  int64_t older = catalog.insertRun(forgetRun("retrain", version, forget_set));
  int64_t newer = catalog.insertRun(forgetRun("retrain", version, forget_set));
  // None of these may match: wrong method, wrong status, wrong kind, other forget set, other source.
  catalog.insertRun(forgetRun("salun", version, forget_set));
  RunEntry failed = forgetRun("retrain", version, forget_set);
  failed.status = "error";
  catalog.insertRun(failed);
  RunEntry evaluate = forgetRun("retrain", version, forget_set);
  evaluate.kind = "evaluate";
  catalog.insertRun(evaluate);
  ForgetSetEntry other_set;
  other_set.dataset_id = dataset;
  other_set.kind = ForgetScenario::Samples;
  other_set.ids = {9};
  int64_t other = catalog.insertForgetSet(other_set);
  catalog.insertRun(forgetRun("retrain", version, other));
  catalog.insertRun(forgetRun("retrain", version + 1, forget_set));

  auto found = catalog.findRetrainRun(version, forget_set);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, newer);
  EXPECT_NE(found->id, older);
  EXPECT_EQ(found->method, "retrain");
  EXPECT_FALSE(catalog.findRetrainRun(version + 2, forget_set).has_value());
}

}  // namespace
}  // namespace lethe::catalog
