#pragma once
// bench/calibration's grid (its settings) and the summary of its cells: one cell per setting ×
// scenario, holding each method's Avg. Gap and seconds by seed.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench/legacy_defaults.hpp"
#include "bench/paired.hpp"

namespace lethe::bench {

// One model setting of the grid. The old table was tuned on cnn and resnet20 at 5,000 rows;
// the grid adds 20,000 rows, short and long training, an mlp and an imported network, where a
// fixed table has no claim to be right.
struct GridSetting {
  std::string name;
  std::string arch;     // "torchscript": the network of bench/imported_model.py
  int64_t train = 5000;
  int64_t epochs = 8;   // training epochs (the imported model's: its recipe's)
  int64_t subset_seed = 1;  // the draw of Fashion-MNIST's rows its dataset holds

  bool imported() const { return arch == "torchscript"; }
  std::string dataset() const {
    return "d" + std::to_string(train) + "_2000" + (subset_seed == 1 ? "" : "_d" + std::to_string(subset_seed));
  }
  // One model per seed; the imported file is one model for every seed.
  std::string model(int seed) const { return imported() ? name : name + "_s" + std::to_string(seed); }
};

inline const std::vector<GridSetting>& gridSettings() {
  static const std::vector<GridSetting> settings = {
      {"mlp_5k_e8", "mlp", 5000, 8},        {"mlp_5k_e40", "mlp", 5000, 40},
      {"mlp_20k_e8", "mlp", 20000, 8},      {"mlp_20k_e40", "mlp", 20000, 40},
      {"cnn_5k_e8", "cnn", 5000, 8},        {"cnn_5k_e40", "cnn", 5000, 40},
      {"cnn_20k_e8", "cnn", 20000, 8},      {"cnn_20k_e40", "cnn", 20000, 40},
      {"resnet20_5k_e8", "resnet20", 5000, 8}, {"resnet20_5k_e15", "resnet20", 5000, 15},
      {"imported_20k", "torchscript", 20000, 8},
  };
  return settings;
}

// A setting off the grid, written arch:train:epochs[:subset_seed] (e.g. "mlp:12000:15:3"): a
// model no rule was measured on. Empty when the text is not one.
inline std::optional<GridSetting> offGridSetting(const std::string& text) {
  std::vector<std::string> parts{""};
  for (char c : text) {
    if (c == ':') parts.emplace_back();
    else parts.back() += c;
  }
  if (parts.size() < 3 || parts.size() > 4 || parts[0].empty() || parts[0] == "torchscript") return std::nullopt;
  std::vector<int64_t> numbers;
  for (size_t i = 1; i < parts.size(); ++i) {
    char* end = nullptr;
    const long long value = std::strtoll(parts[i].c_str(), &end, 10);
    if (parts[i].empty() || *end != '\0' || value < 1) return std::nullopt;
    numbers.push_back(value);
  }
  // Named from the numbers read, so "mlp:012000:15" is the same setting (and cached model) as
  // "mlp:12000:15".
  GridSetting s{parts[0] + "_" + std::to_string(numbers[0]) + "_e" + std::to_string(numbers[1]), parts[0], numbers[0],
                numbers[1]};
  if (numbers.size() == 3) s.subset_seed = numbers[2];
  if (s.subset_seed != 1) s.name += "_d" + std::to_string(s.subset_seed);
  return s;
}

// The old table's view of a scenario: its kind and the share of the rows it forgets.
inline LegacyOptions legacyFor(const GridSetting& s, const std::string& scenario) {
  if (scenario == "class") return legacySalun(s.arch, s.epochs, "class", 10);
  return legacySalun(s.arch, s.epochs, "random", scenario == "random50" ? 50 : 10);
}

inline double medianOf(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

inline std::vector<double> valuesOf(const std::map<int, double>& by_seed) {
  std::vector<double> values;
  for (const auto& [seed, value] : by_seed) values.push_back(value);
  return values;
}

// The measures Avg. Gap averages (the engine's gap metrics, which the public API does not list).
constexpr const char* kGapMeasures[] = {"ua", "ra", "ta", "mia"};

// Avg. Gap as the engine reports it: the mean of |ours − the reference's| over kGapMeasures;
// none where either lacks one of them or one is not finite. The bench needs it where the engine
// cannot give it: a second retrain's gap to the first (EVALUATE gap scores against the newest).
inline std::optional<double> averageGap(const std::map<std::string, double>& ours,
                                        const std::map<std::string, double>& reference) {
  double sum = 0.0;
  for (const char* measure : kGapMeasures) {
    const auto a = ours.find(measure), b = reference.find(measure);
    if (a == ours.end() || b == reference.end() || !std::isfinite(a->second - b->second)) return std::nullopt;
    sum += std::fabs(a->second - b->second);
  }
  return sum / static_cast<double>(std::size(kGapMeasures));
}

// --reseed runs a cell's methods once more with method seed + kReseedOffset; each such run is
// the row reseeded(method) of the cell.
constexpr int kReseedOffset = 1000;
constexpr const char* kReseededTail = "_reseeded";
inline std::string reseeded(const std::string& method) { return method + kReseededTail; }
inline bool isReseeded(const std::string& row) {
  const std::string tail = kReseededTail;
  return row.size() > tail.size() && row.compare(row.size() - tail.size(), tail.size(), tail) == 0;
}

// The methods' Avg. Gap and seconds in one setting × scenario, by seed. "salun" is calibrated,
// "salun_legacy" is salun with the old table's options, "salun_oracle" salun at the options
// of a sweep that came closest to the retrain and "salun_budget_oracle" at the closest of those
// whose epochs fit in a quarter of a retrain, each run again with a fresh seed (calibration
// --oracle); "salun_reseeded", "salun_legacy_reseeded" and each other method's "<m>_reseeded"
// are the same runs again with method seed + 1000 (calibration --reseed); failed runs are absent.
struct Cell {
  std::string setting, scenario;
  std::vector<std::string> others;  // the calibrated other methods, as listed
  std::map<std::string, std::map<int, double>> gap, seconds;

  double meanGap(const std::string& method) const { return gap.count(method) ? meanOf(valuesOf(gap.at(method))) : NAN; }
  // The mean over `method`'s runs and its reseeded runs together (NAN without reseeded runs):
  // with two seeds, four draws of the same cell.
  double meanGapWithReseeded(const std::string& method) const {
    if (!gap.count(method) || !gap.count(reseeded(method))) return NAN;
    return meanOf(valuesOf(draws(method)));
  }
  // `method`'s Avg. Gap by method seed: seed s's run under s, its --reseed run under s + 1000
  // (kReseedOffset). Paired with another method's draws, the seeds both ran on match up.
  std::map<int, double> draws(const std::string& method) const {
    std::map<int, double> all = gap.count(method) ? gap.at(method) : std::map<int, double>{};
    const auto again = gap.find(reseeded(method));
    if (again != gap.end())
      for (const auto& [seed, value] : again->second) all[seed + kReseedOffset] = value;
    return all;
  }
  double meanSeconds(const std::string& method) const {
    return seconds.count(method) ? meanOf(valuesOf(seconds.at(method))) : NAN;
  }
};

struct CellSummary {
  double salun = NAN, legacy = NAN, oracle = NAN, budget_oracle = NAN, best_gap = NAN, cost_percent = NAN;
  double salun_both = NAN, legacy_both = NAN;  // over both method seeds (--reseed)
  double floor = NAN;  // a retrain with another seed against the reference (--floor)
  std::string best;  // the calibrated other method of lowest mean gap ("" if none ran)
  PairedDifference vs_best;
  bool lowest_or_tied = false;

  // The verdict in a word for the table.
  std::string verdictWord() const {
    if (vs_best.seeds == 0) return "-";
    if (vs_best.seeds < 2) return "1 seed";
    const std::string v = vs_best.verdict();
    return v.rfind("a tie", 0) == 0 ? "tie" : v.rfind("lower", 0) == 0 ? "lower" : "higher";
  }
};

inline CellSummary summarise(const Cell& cell) {
  CellSummary s;
  s.salun = cell.meanGap("salun");
  s.legacy = cell.meanGap("salun_legacy");
  s.oracle = cell.meanGap("salun_oracle");
  s.budget_oracle = cell.meanGap("salun_budget_oracle");
  s.salun_both = cell.meanGapWithReseeded("salun");
  s.legacy_both = cell.meanGapWithReseeded("salun_legacy");
  s.floor = cell.meanGap(reseeded("retrain"));
  for (const auto& method : cell.others) {  // the first listed wins a tie
    const double gap = cell.meanGap(method);
    if (!std::isnan(gap) && (s.best.empty() || gap < s.best_gap)) {
      s.best = method;
      s.best_gap = gap;
    }
  }
  // Cost as bench/paper_table gives it: mean seconds (mask + calibration + unlearning) over
  // mean retrain seconds.
  s.cost_percent = 100.0 * cell.meanSeconds("salun") / cell.meanSeconds("retrain");
  if (!s.best.empty() && cell.gap.count("salun")) {
    // Over every draw both have: with --reseed, two per seed (three degrees of freedom at two
    // seeds instead of one).
    s.vs_best = pairedDifference(cell.draws("salun"), cell.draws(s.best));
    // "lowest or tied": lower on average, or a difference the seeds cannot tell from noise.
    const bool tie = s.vs_best.seeds >= 2 && s.vs_best.verdict().rfind("a tie", 0) == 0;
    s.lowest_or_tied = s.vs_best.seeds > 0 && (s.vs_best.mean <= 0 || tie);
  }
  return s;
}

inline std::string orDash(double value, int digits = 2) { return std::isnan(value) ? "-" : fixed(value, digits); }

inline bool anyRun(const std::vector<Cell>& cells, const std::string& method) {
  return std::any_of(cells.begin(), cells.end(), [&](const Cell& c) { return c.gap.count(method) > 0; });
}

inline Table summaryTable(const std::vector<Cell>& cells) {
  Table t{{"setting", "scenario", "salun (calibrated)", "salun (legacy)", "best other", "its gap", "salun - best other",
           "verdict", "salun cost % of retrain"},
          {}};
  const bool oracle = anyRun(cells, "salun_oracle"), reseeded_runs = anyRun(cells, reseeded("salun"));
  const bool floor = anyRun(cells, reseeded("retrain"));
  if (floor) t.columns.insert(t.columns.begin() + 4, "retrain, another seed");
  if (oracle)
    t.columns.insert(t.columns.begin() + 4, {"salun (best options)", "salun (best options in budget)"});
  if (reseeded_runs)
    t.columns.insert(t.columns.begin() + 4, {"salun (both method seeds)", "salun (legacy, both method seeds)"});
  for (const auto& cell : cells) {
    const CellSummary s = summarise(cell);
    const auto& d = s.vs_best;
    const std::string difference =
        d.seeds == 0 ? "-" : (d.mean >= 0 ? "+" : "") + fixed(d.mean) + (d.seeds > 1 ? " ± " + fixed(d.sd) : "");
    t.rows.push_back({cell.setting, cell.scenario, orDash(s.salun), orDash(s.legacy), s.best.empty() ? "-" : s.best,
                      orDash(s.best_gap), difference, s.verdictWord(), orDash(s.cost_percent, 1)});
    if (floor) t.rows.back().insert(t.rows.back().begin() + 4, orDash(s.floor));
    if (oracle) t.rows.back().insert(t.rows.back().begin() + 4, {orDash(s.oracle), orDash(s.budget_oracle)});
    if (reseeded_runs) t.rows.back().insert(t.rows.back().begin() + 4, {orDash(s.salun_both), orDash(s.legacy_both)});
  }
  return t;
}

// "- what, in n of N cells: median m, worst w<tail>." for a column some cells lack; empty
// where no cell has it.
inline std::string medianWorstLine(const std::string& what, const std::vector<double>& gaps, size_t cells,
                                   const std::string& tail = "") {
  if (gaps.empty()) return "";
  return "- " + what + ", in " + std::to_string(gaps.size()) + " of " + std::to_string(cells) + " cells: median " +
         orDash(medianOf(gaps)) + ", worst " + orDash(*std::max_element(gaps.begin(), gaps.end())) + tail + ".\n";
}

// The cells where calibrated salun is worse than the old table by more than 0.5 of Avg. Gap:
// the regressions to look at. Where both ran on the same draws, the paired difference says
// whether the draws' own spread could make one (the method seed alone moves some cells by
// more than 0.5; docs/benchmarks.md).
struct Regressions {
  int count = 0;
  std::string cells;  // ": name (calibrated vs legacy[, paired over n draws: verdict]), ..."

  void add(const std::string& name, double calibrated, double legacy, const PairedDifference& paired = {}) {
    if (!(calibrated - legacy > 0.5)) return;
    ++count;
    cells += (cells.empty() ? ": " : ", ") + name + " (" + fixed(calibrated) + " vs " + fixed(legacy) +
             (paired.seeds >= 2 ? ", paired over " + std::to_string(paired.seeds) + " draws: " + paired.verdict() : "") +
             ")";
  }
};

// The lines under the table: how calibrated salun does across the cells.
inline std::string summaryLines(const std::vector<Cell>& cells) {
  std::vector<double> gaps, costs, oracles, budget_oracles, gaps_both, floors;
  Regressions regressions, regressions_both;
  double worst = NAN;
  std::string worst_cell;
  int lowest = 0;
  for (const auto& cell : cells) {
    const CellSummary s = summarise(cell);
    const std::string name = cell.setting + " " + cell.scenario;
    gaps.push_back(s.salun);
    costs.push_back(s.cost_percent);
    if (!std::isnan(s.oracle)) oracles.push_back(s.oracle);
    if (!std::isnan(s.budget_oracle)) budget_oracles.push_back(s.budget_oracle);
    if (!std::isnan(s.salun_both)) gaps_both.push_back(s.salun_both);
    if (!std::isnan(s.floor)) floors.push_back(s.floor);
    if (!std::isnan(s.salun) && (std::isnan(worst) || s.salun > worst)) {
      worst = s.salun;
      worst_cell = name;
    }
    regressions.add(name, s.salun, s.legacy);
    regressions_both.add(name, s.salun_both, s.legacy_both,
                         pairedDifference(cell.draws("salun"), cell.draws("salun_legacy")));
    if (s.lowest_or_tied) ++lowest;
  }
  const std::string of = " of " + std::to_string(cells.size()) + " cells";
  return "- Calibrated salun Avg. Gap: median " + orDash(medianOf(gaps)) + ", worst " + orDash(worst) +
         (worst_cell.empty() ? "" : " (" + worst_cell + ")") + ".\n" +
         "- Calibrated salun worse than legacy by more than 0.5: " + std::to_string(regressions.count) + of +
         regressions.cells + ".\n" +
         "- salun lowest or tied against the best calibrated other method: " + std::to_string(lowest) + of + ".\n" +
         "- salun cost (mask + calibration + unlearning): median " + orDash(medianOf(costs), 1) + "% of retrain's.\n" +
         // With --reseed: over both method seeds, where one seed's draw cannot resolve 0.5.
         medianWorstLine("Calibrated salun over both method seeds (--reseed)", gaps_both, cells.size(),
                         "; worse than legacy by more than 0.5 in " + std::to_string(regressions_both.count) +
                             regressions_both.cells) +
         medianWorstLine("salun at the sweep's best options (chosen by looking at the retrain, rerun with a fresh seed)",
                         oracles, cells.size()) +
         medianWorstLine("the same among the options whose epochs alone fit in 25% of a retrain", budget_oracles,
                         cells.size()) +
         // With --floor: a retrain of the same rows with another seed, scored as the methods are.
         medianWorstLine("A retrain with another seed (--floor), the gap a perfect method shows", floors, cells.size());
}

}  // namespace lethe::bench
