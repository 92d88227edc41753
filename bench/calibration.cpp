// bench/calibration: does choosing the methods' lr / epochs at FORGET time (calibration) hold
// up across models, where the old per-scenario table was tuned on two? Over a grid of settings
// (mlp / cnn / resnet20 at 5,000 or 20,000 training rows, short and long training, and a network
// imported from PyTorch) × scenarios (class 'Shirt', 10% and 50% random) × seeds:
//
//   1. COMPARE METHODS (retrain, salun, others...): every method calibrated, retrain the reference;
//   2. FORGET ... USING salun WITH (calibrate = false, <the old table's options>): "legacy";
//   3. salun's seconds (calibration included) as a share of retrain's.
//
// Per cell it reports calibrated and legacy salun's Avg. Gap, the best calibrated other method,
// salun − that method paired over seeds (bench/paired.hpp) and salun's cost; below the table,
// the median and worst cell, the regressions against legacy, and how often salun is lowest.
// Written to --out as calibration.md (the summary) and calibration.csv (one row per run).
//
//   calibration --catalog build/calibration.db --seeds 2
//   calibration --off-grid mlp:12000:15:3,cnn:8000:8:21 --catalog build/off_grid.db --reseed
//
// The second judges calibration on models no rule was measured on (arch:train:epochs and the
// seed of the dataset's draw of rows), as docs/benchmarks.md's "Seven more models" did by hand.
// (`--help` lists every flag: parse() below.) With --catalog the trained models, the imported
// one and the retrain references stay in FILE, so a rerun repeats only the unlearning.
// The imported_20k setting needs the TorchScript file of bench/imported_model.py (--imported).
// --floor adds, per draw, the retrain once more with another seed: how far two retrains of the
// same rows lie apart, the gap below which no method's difference from the reference means much.
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <optional>
#include <set>
#include <tuple>

#include "bench/calibration_grid.hpp"
#include "common/openmp_wait.hpp"

using lethe::bench::Cell;
using lethe::bench::eachExistingFile;
using lethe::bench::eachOneOf;
using lethe::bench::fixed;
using lethe::bench::GridSetting;
using lethe::bench::isReseeded;
using lethe::bench::kGapMeasures;
using lethe::bench::mustQuery;
using lethe::bench::positive;
using lethe::bench::reseeded;
using lethe::bench::scenarioTarget;
using lethe::bench::splitList;

namespace {

const std::string kForgetClass = "Shirt";

struct Options {
  std::string catalog = ":memory:";
  std::string out = "bench/results";
  int seeds = 2;
  std::string settings;  // empty: the whole grid (none of it where off_grid names settings)
  std::string off_grid;  // settings off the grid, arch:train:epochs[:subset_seed] each
  std::string scenarios = "class,random10,random50";
  std::string methods = "ft,rl,ga,l1_sparse,salun_soft";
  std::string imported = "bench/models/imported_cnn.pt";
  std::string from_csv;  // summarise these CSVs of earlier runs instead of running
  int threads = 0;       // torch threads per process (0: every core); 1 lets grid parts share the machine
  bool oracle = false;   // also sweep salun's lr / epochs against the retrain (runOracle)
  bool reseed = false;   // also run every method but the retrain with method seed + 1000 (runReseeded)
  bool floor = false;    // also a retrain with another seed against the reference (runFloor)
  std::vector<int> oracle_epochs = {1, 2, 3, 5};
};

std::vector<std::string> settingNames() {
  std::vector<std::string> names;
  for (const auto& s : lethe::bench::gridSettings()) names.push_back(s.name);
  return names;
}

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "Calibrated unlearning (lr / epochs chosen at FORGET time) over a grid of models, against "
      "the old per-scenario table and the other calibrated methods.",
      "calibration");
  app.add_option("--catalog", o.catalog,
                 "catalog file the trained models, the imported one and the retrain references stay in, so a rerun "
                 "repeats only the unlearning");
  app.add_option("--out", o.out, "directory calibration.md and calibration.csv are written to");
  app.add_option("--seeds", o.seeds, "seeds 1..N per setting and scenario")->check(positive());
  app.add_option("--settings", o.settings,
                 "comma-separated settings of the grid, run in the grid's order (default: all)")
      ->type_name("LIST")
      ->check(eachOneOf(settingNames()));
  app.add_option("--off-grid", o.off_grid,
                 "comma-separated settings off the grid, each arch:train:epochs[:subset_seed] (e.g. mlp:12000:15:3): "
                 "models no rule was measured on; run after the --settings named, and alone when none is")
      ->type_name("LIST")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            for (const auto& item : splitList(text))
              if (!lethe::bench::offGridSetting(item))
                return "'" + item + "' is not arch:train:epochs[:subset_seed] with positive numbers";
            return {};
          },
          "arch:train:epochs[:subset_seed] each"));
  app.add_option("--scenarios", o.scenarios, "comma-separated scenarios")
      ->type_name("LIST")
      ->check(eachOneOf({"class", "random10", "random50"}));
  app.add_option("--methods", o.methods, "comma-separated calibrated methods compared with salun")->type_name("LIST");
  app.add_option("--imported", o.imported,
                 "TorchScript file of bench/imported_model.py for the imported_20k setting (skipped when missing)");
  app.add_option("--threads", o.threads,
                 "threads each statement trains with (default: every core); 1 when parts of the grid run side by side")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--oracle", o.oracle,
               "also run salun at a sweep of fixed lr / epochs scored against the retrain, and its best options once "
               "more with a fresh seed: what a choice of options reaches in the cell (slow: 8 rates × the epochs)");
  app.add_flag("--reseed", o.reseed,
               "also run calibrated salun, the old table's salun and the other methods with method seed + 1000 "
               "(same model, forget set and retrain; other random labels and batch order): with --seeds 2, four "
               "draws per cell, and salun's verdict against the best other paired over all four");
  app.add_flag("--floor", o.floor,
               "also retrain once more with seed + 1000 and score it against the reference retrain: the Avg. Gap a "
               "perfect method would show in the cell (run last, on a copy of the catalog, so the reference stays)");
  app.add_option("--oracle-epochs", o.oracle_epochs, "comma-separated epochs --oracle sweeps at each rate")
      ->type_name("LIST")
      ->delimiter(',')
      ->check(positive());
  app.add_option("--from-csv", o.from_csv,
                 "run nothing: summarise these comma-separated CSVs of earlier runs (e.g. a grid run in parts)")
      ->type_name("LIST")
      ->check(eachExistingFile());
  app.parseOrExit(argc, argv);
  return o;
}

// The settings named by --settings (checked by parse()), in the grid's order, then those of
// --off-grid; the whole grid when neither names any.
std::vector<GridSetting> chosenSettings(const Options& o) {
  const std::vector<std::string> wanted = splitList(o.settings);
  std::vector<GridSetting> chosen;
  if (!wanted.empty() || o.off_grid.empty())
    for (const auto& s : lethe::bench::gridSettings())
      if (wanted.empty() || std::find(wanted.begin(), wanted.end(), s.name) != wanted.end()) chosen.push_back(s);
  for (const auto& item : splitList(o.off_grid)) chosen.push_back(*lethe::bench::offGridSetting(item));
  return chosen;
}

// Progress on stderr, flushed: a run of hours should be followable with `tail -f`.
template <typename... Parts>
void progress(const Parts&... parts) {
  (std::cerr << ... << parts) << std::endl;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::optional<double> realAt(const lethe::Result& r, size_t row, const std::string& column) {
  const auto& columns = r.columns();
  if (std::find(columns.begin(), columns.end(), column) == columns.end() || r.at(row, column).isNull()) return std::nullopt;
  return r.at(row, column).real();
}

std::string textAt(const lethe::Result& r, size_t row, const std::string& column) {
  const auto& columns = r.columns();
  if (std::find(columns.begin(), columns.end(), column) == columns.end()) return "";
  const auto& v = r.at(row, column);
  return v.isText() ? v.text() : v.isNull() ? "" : v.toString();
}

// A CSV cell that may hold commas (the calibration notes): quoted, inner quotes doubled.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Makes `setting`'s model of `seed` (trained, or imported once); false when the imported file
// is missing, so the setting is skipped instead of failing the whole grid.
bool prepareModel(lethe::Connection& con, const GridSetting& s, int seed, const std::string& imported) {
  const std::string model = s.model(seed);
  if (s.imported()) {
    if (con.query("DESCRIBE MODEL " + model + ";").ok()) return true;  // IMPORT has no IF NOT EXISTS
    if (!std::filesystem::exists(imported)) {
      progress("skipping ", s.name, ": no TorchScript file ", imported, " (make it with bench/imported_model.py)");
      return false;
    }
    // The recipe retrain uses: bench/imported_model.py's (CREATE MODEL's defaults, 8 epochs).
    const auto r = mustQuery(con, "IMPORT MODEL " + model + " FROM '" + imported + "' ON " + s.dataset() +
                                      " WITH (epochs = " + std::to_string(s.epochs) + ", seed = 1);");
    progress(model, ": imported, test accuracy ", fixed(r.at(0, "test_acc").real()));
    return true;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto r = mustQuery(con, "CREATE MODEL IF NOT EXISTS " + model + " ARCH " + s.arch + " ON " + s.dataset() +
                                    " WITH (epochs = " + std::to_string(s.epochs) + ", seed = " + std::to_string(seed) + ");");
  const auto& columns = r.columns();
  if (std::find(columns.begin(), columns.end(), "test_acc") != columns.end())
    progress(model, ": trained, test accuracy ", fixed(r.at(0, "test_acc").real()), ", ", fixed(secondsSince(start), 0), " s");
  return true;
}

// A draw's retrain reference, kept for --floor: its statement's parts and its measures.
struct ReferenceDraw {
  GridSetting setting;
  std::string scenario, target, source;
  int seed = 0;
  double retrain_seconds = NAN;
  std::map<std::string, double> measures;  // ua, ra, ta, mia
};

struct Grid {
  lethe::bench::Table csv{{"setting", "arch", "scenario", "seed", "method", "ua", "ra", "ta", "mia", "gap", "seconds",
                           "cost_percent", "options"},
                          {}};
  std::vector<Cell> cells;
  std::vector<ReferenceDraw> references;

  Cell& cell(const std::string& setting, const std::string& scenario, const std::vector<std::string>& others) {
    for (auto& c : cells)
      if (c.setting == setting && c.scenario == scenario) return c;
    cells.push_back({setting, scenario, others, {}, {}});
    return cells.back();
  }

  // One run's row of `r` in the CSV only; `method` is how the row names it, `gap` its Avg. Gap.
  void writeRow(const GridSetting& s, const std::string& scenario, int seed, const std::string& method,
                const lethe::Result& r, size_t row, const std::string& seconds_column, double retrain_seconds,
                const std::string& options, std::optional<double> gap) {
    std::vector<std::string> line = {s.name, s.arch, scenario, std::to_string(seed), method};
    for (const char* measure : kGapMeasures) {
      const auto value = realAt(r, row, measure);
      line.push_back(value ? fixed(*value) : "");  // empty where the method failed
    }
    line.push_back(gap ? fixed(*gap) : "");
    const auto seconds = realAt(r, row, seconds_column);
    line.push_back(seconds ? fixed(*seconds) : "");
    line.push_back(seconds ? fixed(100.0 * *seconds / retrain_seconds, 1) : "");
    line.push_back(quoted(options));
    csv.rows.push_back(line);
  }

  // One run's row of `r`, in the CSV and in the cell; `method` is how the cell knows it
  // ("salun_legacy": the old table's salun), `gap` its Avg. Gap.
  void recordGap(const GridSetting& s, const std::string& scenario, int seed, const std::string& method,
                 const lethe::Result& r, size_t row, const std::string& seconds_column, double retrain_seconds,
                 const std::string& options, std::optional<double> gap, Cell& c) {
    writeRow(s, scenario, seed, method, r, row, seconds_column, retrain_seconds, options, gap);
    const auto seconds = realAt(r, row, seconds_column);
    if (gap) c.gap[method][seed] = *gap;
    if (seconds) c.seconds[method][seed] = *seconds;
  }

  // The same, with the Avg. Gap the run's own `gap` column holds (EVALUATE gap).
  void record(const GridSetting& s, const std::string& scenario, int seed, const std::string& method, const lethe::Result& r,
              size_t row, const std::string& seconds_column, double retrain_seconds, const std::string& options, Cell& c) {
    recordGap(s, scenario, seed, method, r, row, seconds_column, retrain_seconds, options, realAt(r, row, "gap"), c);
  }
};

// FORGET `target` FROM `source` USING `method` WITH (`with`), measured as every salun row of the
// grid is.
std::string forgetWith(const std::string& method, const std::string& target, const std::string& source,
                       const std::string& with) {
  return "FORGET " + target + " FROM " + source + " USING " + method + " WITH (" + with +
         ") EVALUATE ua, ra, ta, mia, gap, rte;";
}

// The WITH list of salun at the old table's options: `calibrate = false` and its lr / epochs.
std::string legacyWith(const lethe::bench::LegacyOptions& legacy, int method_seed) {
  return "calibrate = false, " + legacy.with() + ", seed = " + std::to_string(method_seed);
}

// One setting × seed × scenario: the calibrated COMPARE, then salun with the old table.
// Returns the retrain reference's seconds.
double runScenario(lethe::Connection& con, const GridSetting& s, int seed, const std::string& scenario,
                   const std::vector<std::string>& others, Grid& grid) {
  const std::string target = scenarioTarget(scenario, kForgetClass, seed);
  const std::string source = s.model(seed) + "@1";
  // The method seed follows the grid's seed: for the imported model (one model for every
  // seed) it and the random forget set are all a seed varies.
  const std::string seed_option = "seed = " + std::to_string(seed);
  Cell& cell = grid.cell(s.name, scenario, others);

  auto start = std::chrono::steady_clock::now();
  std::string methods = "retrain, salun";
  for (const auto& m : others) methods += ", " + m;
  const auto r = mustQuery(con, "COMPARE METHODS (" + methods + ") FOR " + target + " FROM " + source + " WITH (" + seed_option + ");");
  const double compare_seconds = secondsSince(start);
  // A reused retrain reference brings the seconds of its stored run: on a rerun the cost compares
  // today's salun with the first run's retrain, so keep the machine's load alike between runs.
  ReferenceDraw reference{s, scenario, target, source, seed, NAN, {}};
  for (size_t row = 0; row < r.rowCount(); ++row) {
    if (r.at(row, "method").text() != "retrain") continue;
    reference.retrain_seconds = *realAt(r, row, "seconds");
    for (const char* measure : kGapMeasures)
      if (const auto value = realAt(r, row, measure)) reference.measures[measure] = *value;
  }
  const double retrain_seconds = reference.retrain_seconds;
  if (reference.measures.size() == std::size(kGapMeasures)) grid.references.push_back(reference);
  for (size_t row = 0; row < r.rowCount(); ++row)
    grid.record(s, scenario, seed, r.at(row, "method").text(), r, row, "seconds", retrain_seconds, textAt(r, row, "note"), cell);

  // The old table's options; rte (mask + unlearning) is what COMPARE's seconds are, without
  // evaluation.
  start = std::chrono::steady_clock::now();
  const auto legacy = lethe::bench::legacyFor(s, scenario);
  const auto l = mustQuery(con, forgetWith("salun", target, source, legacyWith(legacy, seed)));
  grid.record(s, scenario, seed, "salun_legacy", l, 0, "rte", retrain_seconds, legacy.with(), cell);

  const auto gapText = [&](const std::string& method) {
    const auto found = cell.gap.find(method);
    return found != cell.gap.end() && found->second.count(seed) ? fixed(found->second.at(seed)) : std::string("failed");
  };
  progress(s.name, " seed ", seed, " ", scenario, ": compare ", fixed(compare_seconds, 0), " s, legacy ",
           fixed(secondsSince(start), 0), " s; salun gap ", gapText("salun"), " (legacy ", gapText("salun_legacy"), ")");
  return retrain_seconds;
}

// --reseed: calibrated salun, the old table's salun and each calibrated other method once more
// with method seed + kReseedOffset — the same model, forget set and retrain reference, other
// random labels and batch order. One draw per seed moves a cell by more than 0.5
// (docs/benchmarks.md), so a difference of 0.5 between salun and the old table needs both
// draws, and the paired verdict against the best other method gets two per seed.
void runReseeded(lethe::Connection& con, const GridSetting& s, int seed, const std::string& scenario,
                 const std::vector<std::string>& others, double retrain_seconds, Grid& grid) {
  const std::string target = scenarioTarget(scenario, kForgetClass, seed);
  const std::string source = s.model(seed) + "@1";
  const int method_seed = seed + lethe::bench::kReseedOffset;
  const std::string seed_option = "seed = " + std::to_string(method_seed);
  Cell& cell = grid.cell(s.name, scenario, {});
  std::vector<std::tuple<std::string, std::string, std::string>> runs = {  // row name, method, WITH list
      {reseeded("salun"), "salun", seed_option},
      {reseeded("salun_legacy"), "salun", legacyWith(lethe::bench::legacyFor(s, scenario), method_seed)}};
  for (const auto& m : others) runs.emplace_back(reseeded(m), m, seed_option);
  std::string line;
  for (const auto& [name, method, with] : runs) {
    const auto r = con.query(forgetWith(method, target, source, with));
    const auto gap = r.ok() ? realAt(r, 0, "gap") : std::nullopt;
    line += std::string(line.empty() ? "" : ", ") + name + " " + (gap ? fixed(*gap) : "failed: " + r.error());
    if (r.ok()) grid.record(s, scenario, seed, name, r, 0, "rte", retrain_seconds, with, cell);
  }
  progress(s.name, " seed ", seed, " ", scenario, ": ", line);
}

// --floor: each draw's retrain once more with seed + kReseedOffset (another initialisation and
// batch order; the same recipe, D_r and epochs), scored against the reference retrain as every
// method is. Its Avg. Gap is what a perfect method, a retrain itself, shows in the cell: how
// far two retrains of the same rows lie apart, the metric's floor on these data. `con` must not
// be a catalog later runs take their reference from: EVALUATE gap scores against the newest
// retrain of a version and forget set, which this run would become.
void runFloor(lethe::Connection& con, const ReferenceDraw& d, Grid& grid) {
  const std::string with = "seed = " + std::to_string(d.seed + lethe::bench::kReseedOffset);
  const auto r = con.query("FORGET " + d.target + " FROM " + d.source + " USING retrain WITH (" + with +
                           ") EVALUATE ua, ra, ta, mia;");
  std::map<std::string, double> measures;
  if (r.ok())
    for (const char* measure : kGapMeasures)
      if (const auto value = realAt(r, 0, measure)) measures[measure] = *value;
  const std::optional<double> gap = lethe::bench::averageGap(measures, d.measures);
  progress(d.setting.name, " seed ", d.seed, " ", d.scenario, ": retrain with ", with, " ",
           gap ? fixed(*gap) : r.ok() ? "measured no gap" : "failed: " + r.error());
  if (gap)
    grid.recordGap(d.setting, d.scenario, d.seed, reseeded("retrain"), r, 0, "seconds", d.retrain_seconds, with, gap,
                   grid.cell(d.setting.name, d.scenario, {}));
}

// A copy of the catalog file `from` at `to`, made while the grid holds it open: VACUUM INTO
// writes one consistent snapshot of it.
bool copyCatalog(const std::string& from, const std::filesystem::path& to) {
  std::filesystem::remove(to);
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(from.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK;
  sqlite3_stmt* vacuum = nullptr;
  ok = ok && sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &vacuum, nullptr) == SQLITE_OK &&
       sqlite3_bind_text(vacuum, 1, to.string().c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK &&
       sqlite3_step(vacuum) == SQLITE_DONE;
  if (!ok) progress("--floor: cannot copy the catalog ", from, ": ", sqlite3_errmsg(db));
  sqlite3_finalize(vacuum);
  sqlite3_close(db);
  return ok;
}

// --floor for every draw the grid ran, after the grid: on a copy of a catalog file (deleted
// after), so the references stay what a rerun reuses; an in-memory catalog ends with the run.
void runFloors(lethe::Connection& con, const Options& o, Grid& grid) {
  if (o.catalog == ":memory:") {
    for (const auto& d : grid.references) runFloor(con, d, grid);
    return;
  }
  const std::filesystem::path scratch = std::filesystem::path(o.out) / "floor_scratch.db";
  std::filesystem::create_directories(o.out);
  if (!copyCatalog(o.catalog, scratch)) return;
  {
    lethe::Database copy(scratch.string());
    lethe::Connection on(copy);
    if (o.threads > 0) mustQuery(on, "SET threads = " + std::to_string(o.threads) + ";");
    for (const auto& d : grid.references) runFloor(on, d, grid);
  }
  for (const char* tail : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(scratch.string() + tail);
}

// Whether `epochs` of salun fit in the cost target by themselves: an epoch reads D_f and D_r,
// a retrain trains the recipe's epochs over D_r (docs/calibration.md, "The budget"), and the
// target is a quarter of that, before any calibration.
bool withinBudget(const GridSetting& s, int64_t forgotten, int epochs) {
  return epochs * s.train <= 0.25 * s.epochs * (s.train - forgotten);
}

// --oracle: salun at fixed options, each scored against the retrain — what a choice of lr /
// epochs made by looking at the retrain reaches, the floor a retrain-free calibration can aim
// for in the cell: a calibrated gap far above it is the criterion's miss, one near it the
// method's limit. The rates: the factor-3 ladder of calibration (from salun's base rate 0.002,
// inside its range 5e-5 .. 0.03), then half-steps either side of the best; epochs from
// calibration's 1 .. 5 (--oracle-epochs). Every run is a CSV row ("salun_fixed"). Two bests
// are kept: of all runs ("salun_oracle") and of the runs whose epochs alone fit in a quarter of
// a retrain ("salun_budget_oracle"). The minimum of many noisy runs is biased low, so each
// best's options run once more with another method seed (random labels, batch order), and
// that run is what the cell records; the sweep's minimum is in its note.
void runOracle(lethe::Connection& con, const GridSetting& s, int seed, const std::string& scenario,
               const std::vector<int>& epoch_counts, double retrain_seconds, Grid& grid) {
  const std::string target = scenarioTarget(scenario, kForgetClass, seed);
  const std::string source = s.model(seed) + "@1";
  const auto start = std::chrono::steady_clock::now();
  Cell& cell = grid.cell(s.name, scenario, {});
  const auto run = [&](double lr, int epochs, int method_seed) {
    std::ostringstream with;
    with << "calibrate = false, lr = " << lr << ", epochs = " << epochs << ", seed = " << method_seed;
    return con.query(forgetWith("salun", target, source, with.str()));
  };
  struct Best {
    double gap = INFINITY, lr = 0;
    int epochs = 0;
  } best, best_in_budget;
  int runs = 0;
  const auto sweep = [&](double lr) {
    for (int epochs : epoch_counts) {
      const auto r = run(lr, epochs, seed);
      ++runs;
      const auto gap = r.ok() ? realAt(r, 0, "gap") : std::nullopt;  // a diverged run is no candidate
      if (!gap) continue;
      std::ostringstream options;
      options << "lr = " << lr << ", epochs = " << epochs;
      grid.writeRow(s, scenario, seed, "salun_fixed", r, 0, "rte", retrain_seconds, options.str(), gap);
      if (*gap < best.gap) best = {*gap, lr, epochs};
      if (*gap < best_in_budget.gap && withinBudget(s, r.at(0, "forgotten").integer(), epochs))
        best_in_budget = {*gap, lr, epochs};
    }
  };
  for (double lr : {0.002 / 27, 0.002 / 9, 0.002 / 3, 0.002, 0.006, 0.018}) sweep(lr);
  if (best.epochs == 0) {
    progress(s.name, " seed ", seed, " ", scenario, ": oracle found no run that finished");
    return;
  }
  const double ladder_best = best.lr;
  for (double lr : {ladder_best / std::sqrt(3.0), ladder_best * std::sqrt(3.0)}) sweep(lr);

  const int fresh_seed = seed + 1000;
  std::string line;
  std::optional<lethe::Result> best_rerun;  // the budget's best is often the overall best: run it once
  for (const auto& [name, chosen] : {std::pair{"salun_oracle", best}, std::pair{"salun_budget_oracle", best_in_budget}}) {
    if (chosen.epochs == 0) continue;  // no run fits in the budget
    const bool same_as_best = chosen.lr == best.lr && chosen.epochs == best.epochs;
    const lethe::Result fresh = same_as_best && best_rerun ? *best_rerun : run(chosen.lr, chosen.epochs, fresh_seed);
    if (same_as_best) best_rerun = fresh;
    std::ostringstream note;
    note << "lr = " << chosen.lr << ", epochs = " << chosen.epochs << ": best of " << runs << " runs ("
         << fixed(chosen.gap) << "), rerun with seed " << fresh_seed;
    if (!fresh.ok()) {
      progress(s.name, " seed ", seed, " ", scenario, ": ", name, " rerun failed: ", fresh.error());
      continue;
    }
    grid.record(s, scenario, seed, name, fresh, 0, "rte", retrain_seconds, note.str(), cell);
    line += std::string(line.empty() ? "" : "; ") + name + " " + fixed(*realAt(fresh, 0, "gap")) + " (" + note.str() + ")";
  }
  progress(s.name, " seed ", seed, " ", scenario, ": ", line, " in ", fixed(secondsSince(start), 0), " s");
}

}  // namespace

// The cells of earlier runs' CSVs (calibration.csv as written above), for --from-csv.
std::vector<Cell> cellsFromCsv(const std::vector<std::string>& files) {
  // salun's rows of a cell; every other method but the retrain is a calibrated "other" (its
  // --reseed rows, "<m>_reseeded", are draws of it, not others).
  const std::set<std::string> salun_rows = {"salun", "salun_legacy", "salun_oracle", "salun_budget_oracle"};
  std::vector<Cell> cells;
  for (const auto& file : files) {
    std::ifstream in(file);
    if (!in) {
      std::cerr << "cannot read " << file << "\n";
      std::exit(2);
    }
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      // setting,arch,scenario,seed,method,ua,ra,ta,mia,gap,seconds,cost_percent,"options"
      std::vector<std::string> f;
      std::stringstream fields(line.substr(0, line.find(",\"")));
      for (std::string part; std::getline(fields, part, ',');) f.push_back(part);
      if (f.size() < 11) continue;
      Cell* cell = nullptr;
      for (auto& c : cells)
        if (c.setting == f[0] && c.scenario == f[2]) cell = &c;
      if (!cell) cell = &cells.emplace_back(Cell{f[0], f[2], {}, {}, {}});
      const std::string& method = f[4];
      const int seed = std::stoi(f[3]);
      if (method == "salun_fixed") continue;  // one run of the --oracle sweep, not a cell's value
      if (method != "retrain" && !salun_rows.count(method) && !isReseeded(method) &&
          std::find(cell->others.begin(), cell->others.end(), method) == cell->others.end())
        cell->others.push_back(method);
      if (!f[9].empty()) cell->gap[method][seed] = std::stod(f[9]);
      if (!f[10].empty()) cell->seconds[method][seed] = std::stod(f[10]);
    }
  }
  return cells;
}

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  if (!o.from_csv.empty()) {
    const std::vector<Cell> cells = cellsFromCsv(splitList(o.from_csv));
    lethe::bench::summaryTable(cells).print(std::cout);
    std::cout << "\n" << lethe::bench::summaryLines(cells);
    return 0;
  }
  const std::vector<GridSetting> settings = chosenSettings(o);
  const std::vector<std::string> scenarios = splitList(o.scenarios);
  for (const auto& scenario : scenarios) scenarioTarget(scenario, kForgetClass, 1);  // exits on an unknown one
  // salun and retrain are always compared; listing them again would duplicate rows.
  std::vector<std::string> others;
  for (const auto& m : splitList(o.methods))
    if (m != "salun" && m != "retrain" && std::find(others.begin(), others.end(), m) == others.end()) others.push_back(m);

  lethe::Database db(o.catalog);
  lethe::Connection con(db);
  if (o.threads > 0) mustQuery(con, "SET threads = " + std::to_string(o.threads) + ";");
  mustQuery(con, "CREATE DATASET IF NOT EXISTS fmnist FROM BUILTIN 'fashion-mnist';");
  Grid grid;
  const std::filesystem::path out(o.out);
  const auto start = std::chrono::steady_clock::now();
  std::set<std::string> datasets;
  for (const auto& s : settings) {
    if (datasets.insert(s.dataset()).second)
      mustQuery(con, "CREATE DATASET IF NOT EXISTS " + s.dataset() + " AS SUBSET OF fmnist WITH (train = " +
                         std::to_string(s.train) + ", test = 2000, seed = " + std::to_string(s.subset_seed) + ");");
    for (int seed = 1; seed <= o.seeds; ++seed) {
      if (!prepareModel(con, s, seed, o.imported)) break;
      for (const auto& scenario : scenarios) {
        const double retrain_seconds = runScenario(con, s, seed, scenario, others, grid);
        if (o.reseed) runReseeded(con, s, seed, scenario, others, retrain_seconds, grid);
        if (o.oracle) runOracle(con, s, seed, scenario, o.oracle_epochs, retrain_seconds, grid);
        grid.csv.writeCsv(out / "calibration.csv");  // as it goes: a long run that stops keeps its rows
      }
    }
  }
  if (o.floor) runFloors(con, o, grid);

  std::ostringstream md;
  md << "# Calibration: salun's options chosen at FORGET time\n\n"
     << "Fashion-MNIST subsets (2,000 test rows), forget class '" << kForgetClass << "' or a random 10% / 50%, "
     << o.seeds << " seed(s); mean Avg. Gap over seeds (mean |UA, RA, TA, MIA − retrain's|). salun (calibrated): "
     << "COMPARE's salun, lr / epochs chosen by calibration; salun (legacy): `calibrate = false` with the old "
     << "per-scenario table's options (bench/legacy_defaults.hpp). Best other: the calibrated method of lowest "
     << "mean gap among " << (others.empty() ? "(none)" : "");
  for (size_t i = 0; i < others.size(); ++i) md << (i ? ", " : "") << others[i];
  md << "; salun − best other is paired over seeds, and over method seeds with --reseed (verdict: lower / tie / "
     << "higher beyond the seed noise, a paired t-test). "
     << "Cost: salun's seconds (mask + calibration + unlearning) as a % of retrain's (a reused retrain "
     << "reference: its stored run's seconds)."
     << (o.floor ? " Retrain, another seed (--floor): the reference's recipe retrained with seed + 1000, scored "
                   "against the reference: the gap of a perfect method on these rows."
                 : "")
     << "\n\n";
  std::ostringstream table;
  lethe::bench::summaryTable(grid.cells).print(table);
  md << table.str() << "\n" << lethe::bench::summaryLines(grid.cells)
     << "\nTotal time: " << fixed(secondsSince(start) / 60, 1) << " min.\n";

  std::cout << md.str();
  std::filesystem::create_directories(out);
  std::ofstream(out / "calibration.md") << md.str();
  grid.csv.writeCsv(out / "calibration.csv");
  std::cout << "\nwritten: " << o.out << "/calibration.{md,csv}\n";
  return 0;
}
