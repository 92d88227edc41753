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

struct PairedDifference {
  int seeds = 0;   // seeds both methods ran on
  int lower = 0;   // seeds on which the first method's value was the lower one
  double mean = NAN;
  double sd = NAN;  // sample standard deviation of the per-seed difference

  // The difference is called real when the mean lies at least two standard errors from zero
  // (about 95% confidence for a normal spread); with one seed there is no noise to compare with.
  std::string verdict() const {
    if (seeds < 2) return "one seed: no noise estimate";
    const double standard_error = sd / std::sqrt(double(seeds));
    if (std::fabs(mean) < 2 * standard_error || mean == 0) return "a tie within the seed noise";
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
