#pragma once
// A paired comparison of two methods' Avg. Gap over seeds. On one seed every method of a
// COMPARE unlearns the same model and the same forget set, so most of the seed-to-seed spread
// of a gap (an easier forget set, a model that happens to sit closer to its retrain) is shared
// by both methods and cancels in their difference. The per-seed difference says whether one
// method is really lower where the two means ± std overlap.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "bench/bench_util.hpp"

namespace lethe::bench {

// Student's t, the two-sided 95% critical value at `df` degrees of freedom. With a handful of
// seeds the sample standard deviation is itself a rough guess, and the normal bound of two
// standard errors calls a tie a real difference far more often than 5% of the time: with two
// seeds (one degree of freedom), |t| > 2 happens to 30% of true ties.
inline double tCritical95(int df) {
  static const double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                 2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                 2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return INFINITY;
  if (df <= 30) return table[df - 1];
  return 1.96 + 2.4 / df;  // within 0.002 of the quantile beyond 30
}

struct PairedDifference {
  int seeds = 0;   // seeds both methods ran on
  int lower = 0;   // seeds on which the first method's value was the lower one
  double mean = NAN;
  double sd = NAN;  // sample standard deviation of the per-seed difference

  // The difference is called real when its mean is outside the 95% interval of a paired t-test
  // (seeds − 1 degrees of freedom); with one seed there is no noise to compare with.
  std::string verdict() const {
    if (seeds < 2) return "one seed: no noise estimate";
    const double standard_error = sd / std::sqrt(double(seeds));
    if (std::fabs(mean) <= tCritical95(seeds - 1) * standard_error || mean == 0) return "a tie within the seed noise";
    return mean < 0 ? "lower beyond the seed noise" : "higher beyond the seed noise";
  }
};

// first − second on every seed present in both (seed -> value).
inline PairedDifference pairedDifference(const std::map<int, double>& first, const std::map<int, double>& second) {
  std::vector<double> differences;
  PairedDifference d;
  for (const auto& [seed, value] : first) {
    const auto other = second.find(seed);
    if (other == second.end()) continue;
    differences.push_back(value - other->second);
    if (value < other->second) ++d.lower;
  }
  d.seeds = int(differences.size());
  if (differences.empty()) return d;
  d.mean = meanOf(differences);
  d.sd = sampleStd(differences);
  return d;
}

}  // namespace lethe::bench
