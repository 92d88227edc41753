// The method table: every method the language offers has an implementation, and exec::forget
// refuses what it cannot run before touching any data.
#include <gtest/gtest.h>

#include "common/error.hpp"
#include "expect_error.hpp"
#include "executors/methods.hpp"
#include "planner/registry.hpp"
#include "test_unlearn_fixture.hpp"

namespace lethe::exec {
namespace {

TEST(UnlearnMethods, EveryRegisteredMethodIsImplemented) {
  ASSERT_FALSE(registry::methods().empty());
  for (const auto& spec : registry::methods())
    EXPECT_NE(findMethodImplementation(spec.name), nullptr) << "no implementation for method '" << spec.name << "'";
}

TEST(UnlearnMethods, EveryImplementationIsRegistered) {
  for (const auto& method : methodImplementations())
    EXPECT_NE(registry::findMethod(method.name), nullptr) << "method '" << method.name << "' is not in the registry";
}

TEST(UnlearnMethods, UnknownNameSuggestsTheClosest) {
  EXPECT_EQ(findMethodImplementation("salnu"), nullptr);
  expectExecutionError([] { requireMethodImplementation("salnu"); }, "salun");
}

TEST(UnlearnMethods, ForgetRefusesAnUnknownMethod) {
  ForgetRequest request;
  request.method = "forgetful";
  request.forget.ids = {1, 2, 3};
  expectExecutionError([&] { forget(request, testing::testContext()); }, "forgetful");
}

TEST(UnlearnMethods, ForgetRefusesAnEmptyForgetSet) {
  ForgetRequest request;
  request.method = "salun";
  request.threshold = 0.5;
  expectExecutionError([&] { forget(request, testing::testContext()); }, "forget set is empty");
}

TEST(UnlearnMethods, SalunRefusesToRunWithoutAMask) {
  const ForgetSetSpec forget_set = testing::classForgetSet(testing::fashionSubset(), testing::kSneaker);
  ForgetRequest request = testing::forgetRequest("salun", forget_set);
  request.options.set("epochs", int64_t{1});
  expectExecutionError([&] { exec::forget(request, testing::testContext()); }, "saliency mask");
}

TEST(UnlearnMethods, ForgetHonoursTheCancelFlag) {
  const ForgetSetSpec forget_set = testing::classForgetSet(testing::fashionSubset(), testing::kSneaker);
  ForgetRequest request = testing::forgetRequest("salun", forget_set);
  request.threshold = 0.5;
  const std::atomic<bool> cancelled{true};
  ExecutionContext context = testing::testContext();
  context.cancel = &cancelled;
  try {
    exec::forget(request, context);
    FAIL() << "expected the run to stop";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Interrupted);
  }
}

}  // namespace
}  // namespace lethe::exec
