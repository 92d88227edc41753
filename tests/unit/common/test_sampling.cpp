#include <gtest/gtest.h>

#include <set>

#include "common/sampling.hpp"

namespace lethe {

TEST(Sampling, DistinctSortedAndInRange) {
  const auto ids = sampleWithoutReplacement(1000, 100, 7);
  ASSERT_EQ(ids.size(), 100u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 100u);
  EXPECT_GE(ids.front(), 0);
  EXPECT_LT(ids.back(), 1000);
}

TEST(Sampling, SeedDeterminesTheDraw) {
  EXPECT_EQ(sampleWithoutReplacement(5000, 50, 1), sampleWithoutReplacement(5000, 50, 1));
  EXPECT_NE(sampleWithoutReplacement(5000, 50, 1), sampleWithoutReplacement(5000, 50, 2));
}

TEST(Sampling, EdgeCases) {
  EXPECT_TRUE(sampleWithoutReplacement(10, 0, 1).empty());
  EXPECT_EQ(sampleWithoutReplacement(5, 5, 1), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_THROW(sampleWithoutReplacement(5, 6, 1), std::invalid_argument);
}

}  // namespace lethe
