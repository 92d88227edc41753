// Plans: a runner finds the node it times by kind and by the method whose chain it is in.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "planner/plan.hpp"
#include "planner/registry.hpp"

namespace lethe::planner {
namespace {

TEST(LogicalPlan, NodesAreFoundByKindAndMethodChain) {
  LogicalPlan plan;
  plan.nodes.push_back({OperatorKind::ResolveForgetSet, "RANDOM 10 PERCENT SEED 1"});
  plan.nodes.push_back({OperatorKind::Unlearn, "retrain", "retrain"});
  plan.nodes.push_back({OperatorKind::Evaluate, "ua of retrain", "retrain"});
  plan.nodes.push_back({OperatorKind::Unlearn, "salun", "salun"});
  plan.nodes.push_back({OperatorKind::Evaluate, "ua of salun", "salun"});
  plan.nodes.push_back({OperatorKind::CatalogWrite, "commit"});

  EXPECT_EQ(plan.at(OperatorKind::Evaluate, "salun").detail, "ua of salun");
  EXPECT_EQ(plan.at(OperatorKind::Unlearn, "retrain").detail, "retrain");
  EXPECT_EQ(plan.at(OperatorKind::CatalogWrite).detail, "commit");
  // A node of another chain or of the statement is not a match.
  EXPECT_EQ(plan.find(OperatorKind::Unlearn), nullptr);
  EXPECT_EQ(plan.find(OperatorKind::Saliency, "salun"), nullptr);
  try {
    plan.at(OperatorKind::Calibrate, "salun");
    ADD_FAILURE() << "a missing node must be an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no CALIBRATE node for salun"), std::string::npos) << e.what();
  }
}

TEST(Registry, TheReferenceAndTheGapMetricsComeFromTheTables) {
  EXPECT_EQ(registry::referenceMethod().name, "retrain");
  EXPECT_TRUE(registry::isReferenceMethod("retrain"));
  EXPECT_FALSE(registry::isReferenceMethod("salun"));
  EXPECT_EQ(registry::gapMetrics(), (std::vector<std::string>{"ua", "ra", "ta", "mia"}));
  const auto defaults = registry::defaultForgetMetrics();
  EXPECT_EQ(defaults, (std::vector<std::string>{"ua", "ra", "ta", "mia", "rte", "gap"}));
  for (const auto& name : defaults) EXPECT_NE(registry::findMetric(name), nullptr) << name;
}

}  // namespace
}  // namespace lethe::planner
