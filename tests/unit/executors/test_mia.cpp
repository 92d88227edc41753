// MIA-efficacy on constructed features whose answer is known.
#include <gtest/gtest.h>

#include <limits>

#include "common/error.hpp"
#include "executors/metrics.hpp"

namespace lethe::exec {
namespace {

// Confidence features clustered tightly around `centre` (deterministic jitter).
torch::Tensor cluster(double centre, int64_t n, uint64_t seed) {
  torch::manual_seed(seed);
  return (centre + 0.02 * torch::randn({n, 1})).clamp(0.0, 1.0).to(torch::kFloat);
}

TEST(Mia, MembersAreCalledMembers) {
  const auto members = cluster(1.0, 300, 1);
  const auto nonmembers = cluster(0.2, 300, 2);
  EXPECT_LT(miaEfficacy(members, nonmembers, cluster(1.0, 200, 3)), 3.0);
}

TEST(Mia, NonMembersAreCalledNonMembers) {
  const auto members = cluster(1.0, 300, 1);
  const auto nonmembers = cluster(0.2, 300, 2);
  EXPECT_GT(miaEfficacy(members, nonmembers, cluster(0.2, 200, 4)), 97.0);
}

TEST(Mia, HalfAndHalfGivesAboutFifty) {
  const auto members = cluster(1.0, 300, 1);
  const auto nonmembers = cluster(0.2, 300, 2);
  const auto target = torch::cat({cluster(1.0, 100, 5), cluster(0.2, 100, 6)});
  EXPECT_NEAR(miaEfficacy(members, nonmembers, target), 50.0, 3.0);
}

TEST(Mia, AcceptsOneDimensionalFeatures) {
  const auto members = cluster(1.0, 100, 1).flatten();
  const auto nonmembers = cluster(0.2, 100, 2).flatten();
  EXPECT_GT(miaEfficacy(members, nonmembers, cluster(0.2, 50, 4).flatten()), 95.0);
}

TEST(Mia, DegenerateInputs) {
  const auto some = cluster(0.5, 10, 1);
  const auto none = torch::empty({0, 1});
  EXPECT_EQ(miaEfficacy(some, some, none), 0.0);
  EXPECT_EQ(miaEfficacy(some, none, some), 0.0);    // no non-members: nothing is called one
  EXPECT_EQ(miaEfficacy(none, some, some), 100.0);  // no members: everything is a non-member
}

TEST(Mia, RejectsNonFiniteFeatures) {
  auto members = cluster(1.0, 10, 1);
  members[3][0] = std::numeric_limits<float>::quiet_NaN();
  try {
    miaEfficacy(members, cluster(0.2, 10, 2), cluster(0.2, 5, 3));
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Execution);
    EXPECT_NE(std::string(error.what()).find("NaN"), std::string::npos);
  }
}

TEST(Mia, ConfidenceIsTheTrueLabelsProbability) {
  const auto probabilities = torch::tensor({0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f}).reshape({2, 3});
  const auto labels = torch::tensor({1, 0}, torch::kLong);
  const auto feature = confidenceFeature(probabilities, labels);
  ASSERT_EQ(feature.sizes(), torch::IntArrayRef({2, 1}));
  EXPECT_FLOAT_EQ(feature[0][0].item<float>(), 0.7f);
  EXPECT_FLOAT_EQ(feature[1][0].item<float>(), 0.5f);
}

}  // namespace
}  // namespace lethe::exec
