// bench/calibration's cells: salun against the best other method, paired over every draw.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

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

TEST(CalibrationGrid, AveragesTheGapOverTheFourMeasures) {
  const std::map<std::string, double> reference{{"ua", 17.4}, {"ra", 85.4}, {"ta", 79.8}, {"mia", 26.0}};
  const std::map<std::string, double> other{{"ua", 16.2}, {"ra", 85.9}, {"ta", 80.5}, {"mia", 26.4}};
  EXPECT_NEAR(*lethe::bench::averageGap(other, reference), (1.2 + 0.5 + 0.7 + 0.4) / 4, 1e-9);
  EXPECT_NEAR(*lethe::bench::averageGap(reference, reference), 0.0, 1e-12);
  auto missing = other;
  missing.erase("mia");
  EXPECT_FALSE(lethe::bench::averageGap(missing, reference).has_value());
  missing["mia"] = NAN;
  EXPECT_FALSE(lethe::bench::averageGap(missing, reference).has_value());
}

// --floor's retrain with another seed is the cell's floor, a column and a line of its own, never
// a compared method.
TEST(CalibrationGrid, ShowsTheRetrainFloorBesideSalun) {
  Cell cell{"cnn_5k_e8", "random50", {"ft"}, {}, {}};
  cell.gap["salun"] = {{1, 3.0}, {2, 4.0}};
  cell.gap["ft"] = {{1, 3.5}, {2, 4.5}};
  cell.gap["retrain_reseeded"] = {{1, 0.5}, {2, 1.5}};
  const auto s = summarise(cell);
  EXPECT_NEAR(s.floor, 1.0, 1e-9);
  EXPECT_EQ(s.best, "ft");
  const auto table = lethe::bench::summaryTable({cell});
  const auto column = std::find(table.columns.begin(), table.columns.end(), "retrain, another seed");
  ASSERT_NE(column, table.columns.end());
  EXPECT_EQ(table.rows.at(0).at(static_cast<size_t>(column - table.columns.begin())), "1.00");
  EXPECT_NE(lethe::bench::summaryLines({cell}).find("A retrain with another seed (--floor), the gap a perfect method "
                                                    "shows, in 1 of 1 cells: median 1.00, worst 1.00."),
            std::string::npos);
  // Without --floor rows, no such column.
  cell.gap.erase("retrain_reseeded");
  const auto plain = lethe::bench::summaryTable({cell});
  EXPECT_EQ(std::find(plain.columns.begin(), plain.columns.end(), "retrain, another seed"), plain.columns.end());
}

// A regression against the old table names whether the paired draws can tell it from noise.
TEST(CalibrationGrid, SaysWhetherARegressionAgainstTheTableIsBeyondTheDrawsSpread) {
  Cell steady{"mlp_5k_e8", "random10", {}, {}, {}};
  steady.gap["salun"] = {{1, 1.51}, {2, 2.15}};
  steady.gap["salun_reseeded"] = {{1, 1.53}, {2, 1.59}};
  steady.gap["salun_legacy"] = {{1, 0.95}, {2, 1.40}};
  steady.gap["salun_legacy_reseeded"] = {{1, 0.88}, {2, 0.93}};
  Cell noisy{"cnn_5k_e40", "random10", {}, {}, {}};
  noisy.gap["salun"] = {{1, 4.73}, {2, 2.62}};
  noisy.gap["salun_reseeded"] = {{1, 5.23}, {2, 2.57}};
  noisy.gap["salun_legacy"] = {{1, 2.56}, {2, 2.18}};
  noisy.gap["salun_legacy_reseeded"] = {{1, 3.34}, {2, 2.49}};
  const std::string lines = lethe::bench::summaryLines({steady, noisy});
  EXPECT_NE(lines.find("mlp_5k_e8 random10 (1.70 vs 1.04, paired over 4 draws: higher beyond the seed noise)"),
            std::string::npos)
      << lines;
  EXPECT_NE(lines.find("cnn_5k_e40 random10 (3.79 vs 2.64, paired over 4 draws: a tie within the seed noise)"),
            std::string::npos)
      << lines;
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
