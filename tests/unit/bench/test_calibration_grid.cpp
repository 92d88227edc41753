// bench/calibration's cells: salun against the best other method, paired over every draw.
#include <gtest/gtest.h>

#include "bench/calibration_grid.hpp"

namespace {

using lethe::bench::Cell;
using lethe::bench::summarise;

TEST(CalibrationGrid, PairsOverMethodSeedsWhereBothMethodsWereReseeded) {
  Cell cell{"mlp_5k_e8", "random10", {"ft", "rl"}, {}, {}};
  cell.gap["salun"] = {{1, 1.5}, {2, 2.0}};
  cell.gap["ft"] = {{1, 1.0}, {2, 1.4}};
  cell.gap["rl"] = {{1, 3.0}, {2, 3.0}};
  const auto two = summarise(cell);
  EXPECT_EQ(two.best, "ft");
  EXPECT_EQ(two.vs_best.seeds, 2);

  cell.gap["salun_reseeded"] = {{1, 1.6}, {2, 2.1}};
  cell.gap["ft_reseeded"] = {{1, 1.1}, {2, 1.5}};
  const auto four = summarise(cell);
  EXPECT_EQ(four.vs_best.seeds, 4);
  EXPECT_NEAR(four.vs_best.mean, 0.55, 1e-9);
  EXPECT_EQ(four.vs_best.verdict(), "higher beyond the seed noise");
  EXPECT_NEAR(four.salun_both, 1.8, 1e-9);
  // Draws of salun with no counterpart in the other method are not paired.
  cell.gap.erase("ft_reseeded");
  EXPECT_EQ(summarise(cell).vs_best.seeds, 2);
}

TEST(CalibrationGrid, ReadsASettingOffTheGrid) {
  const auto s = lethe::bench::offGridSetting("mlp:12000:15:3");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->arch, "mlp");
  EXPECT_EQ(s->train, 12000);
  EXPECT_EQ(s->epochs, 15);
  EXPECT_EQ(s->subset_seed, 3);
  EXPECT_EQ(s->name, "mlp_12000_e15_d3");
  EXPECT_EQ(s->dataset(), "d12000_2000_d3");
  // Without a seed: the grid's own draw of rows, so the dataset is the grid's.
  const auto grids_draw = lethe::bench::offGridSetting("cnn:5000:12");
  ASSERT_TRUE(grids_draw.has_value());
  EXPECT_EQ(grids_draw->subset_seed, 1);
  EXPECT_EQ(grids_draw->dataset(), "d5000_2000");
  // The same numbers written another way are the same setting.
  EXPECT_EQ(lethe::bench::offGridSetting("mlp:012000:15:3")->name, s->name);
  for (const char* bad : {"mlp:12000", "mlp:12000:15:3:1", ":12000:15", "mlp:abc:15", "mlp:12000:0", "mlp:-5:15",
                          "mlp:12000:15:", "torchscript:20000:8"})
    EXPECT_FALSE(lethe::bench::offGridSetting(bad).has_value()) << bad;
}

}  // namespace
