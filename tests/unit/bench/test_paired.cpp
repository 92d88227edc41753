// The benchmarks' paired verdict (bench/paired.hpp): salun against another method, seed by seed.
#include <gtest/gtest.h>

#include "bench/paired.hpp"

namespace {

using lethe::bench::pairedDifference;
using lethe::bench::tCritical95;

std::map<int, double> bySeed(const std::vector<double>& values) {
  std::map<int, double> m;
  for (size_t i = 0; i < values.size(); ++i) m[int(i) + 1] = values[i];
  return m;
}

TEST(PairedVerdict, UsesStudentsQuantileForFewSeeds) {
  EXPECT_DOUBLE_EQ(tCritical95(1), 12.706);
  EXPECT_DOUBLE_EQ(tCritical95(4), 2.776);
  EXPECT_NEAR(tCritical95(60), 2.000, 0.002);
  EXPECT_NEAR(tCritical95(1000), 1.96, 0.005);
}

TEST(PairedVerdict, TwoSeedsThatHappenToAgreeAreATie) {
  // +0.04 and +0.02: two standard errors (0.02) call it higher; one degree of freedom does not.
  const auto d = pairedDifference(bySeed({1.04, 2.02}), bySeed({1.00, 2.00}));
  EXPECT_EQ(d.seeds, 2);
  EXPECT_EQ(d.verdict(), "a tie within the seed noise");
}

TEST(PairedVerdict, AConsistentLeadOverFiveSeedsIsReal) {
  const auto higher = pairedDifference(bySeed({2.0, 2.1, 1.9, 2.2, 2.0}), bySeed({1.0, 1.0, 1.0, 1.0, 1.0}));
  EXPECT_EQ(higher.verdict(), "higher beyond the seed noise");
  const auto lower = pairedDifference(bySeed({1.0, 1.0, 1.0, 1.0, 1.0}), bySeed({2.0, 2.1, 1.9, 2.2, 2.0}));
  EXPECT_EQ(lower.verdict(), "lower beyond the seed noise");
  EXPECT_EQ(lower.lower, 5);
}

TEST(PairedVerdict, ASpreadThatStraddlesZeroIsATie) {
  // salun against rl at 50% random on resnet20, five seeds (docs/benchmarks.md).
  const auto d = pairedDifference(bySeed({8.26, 7.62, 7.72, 8.28, 8.08}), bySeed({7.46, 8.33, 7.29, 8.01, 7.31}));
  EXPECT_EQ(d.lower, 1);
  EXPECT_EQ(d.verdict(), "a tie within the seed noise");
}

TEST(PairedVerdict, OneSeedHasNoNoiseEstimate) {
  EXPECT_EQ(pairedDifference(bySeed({1.0}), bySeed({2.0})).verdict(), "one seed: no noise estimate");
}

}  // namespace
