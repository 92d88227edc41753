// bench/paper_table: the SalUn paper's comparison table on Fashion-MNIST. For each seed a model
// is trained, and for each scenario — 10% random, 50% random, class-wise — one
// `COMPARE METHODS (every method) ...` runs all methods on one forget set with retrain as the
// reference. Printed and written as markdown (mean ± std over seeds) and CSV (one row per run).
//
//   paper_table --arch resnet20 --epochs 40 --scenarios random50 --methods rl,salun
//
// (`--help` lists every flag: parse() below.)
//
// With --catalog the models and retrain references come from (and stay in) FILE, e.g. the
// catalog of the bench/method_sweep runs that tuned the defaults on the same setting.
// With --from-csv FILE it runs nothing and summarises the per-run CSV of an earlier run again
// (with that run's --arch, --epochs, --train and --test: the heading and file name say them).
//
// Under each scenario's table, salun is compared with the lowest other method seed by seed
// (bench/paired.hpp): the methods share each seed's model and forget set, so the paired
// difference tells a real lead from a tie that the overlapping means ± std cannot.
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "bench/paired.hpp"
#include "bench/paper_setting.hpp"
#include "common/openmp_wait.hpp"

using lethe::bench::eachOneOf;
using lethe::bench::fixed;
using lethe::bench::meanOf;
using lethe::bench::meanStd;
using lethe::bench::mustQuery;
using lethe::bench::scenarioTarget;
using lethe::bench::splitList;

namespace {

struct Options : lethe::bench::PaperSetting {
  std::string methods;  // empty: the SalUn paper's methods
  std::string scenarios = "random10,random50,class";
  std::string from_csv;  // summarise this CSV of an earlier run instead of running
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "The SalUn paper's comparison table on Fashion-MNIST: every method on each scenario, "
      "retrain the reference.",
      "paper_table");
  o.addFlags(app);
  app.add_option("--methods", o.methods, "comma-separated methods to compare (default: the SalUn paper's)")
      ->type_name("LIST");
  app.add_option("--scenarios", o.scenarios, "comma-separated scenarios")
      ->type_name("LIST")
      ->check(eachOneOf({"random10", "random50", "class"}));
  app.add_option("--from-csv", o.from_csv,
                 "run nothing: summarise this per-run CSV of an earlier run (give that run's --arch, --epochs, "
                 "--train and --test)")
      ->check(CLI::ExistingFile);
  app.parseOrExit(argc, argv);
  return o;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

bool hasColumn(const lethe::Result& result, const std::string& name) {
  return std::find(result.columns().begin(), result.columns().end(), name) != result.columns().end();
}

const std::vector<std::string> kMeasures = {"ua", "ra", "ta", "mia", "gap", "seconds"};

// One method's measures in one scenario, kept by seed: the table averages them over seeds and
// the paired comparison matches them seed by seed.
struct Samples {
  std::map<std::string, std::map<int, double>> by_seed;  // measure -> seed -> value

  const std::map<int, double>& bySeed(const std::string& measure) const {
    static const std::map<int, double> none;
    const auto found = by_seed.find(measure);
    return found == by_seed.end() ? none : found->second;
  }
  // The measure's values in seed order (none where the method has no such measure).
  std::vector<double> of(const std::string& measure) const {
    std::vector<double> values;
    for (const auto& [seed, value] : bySeed(measure)) values.push_back(value);
    return values;
  }
};

std::vector<std::string> csvColumns() {
  std::vector<std::string> columns = {"scenario", "seed", "method"};
  columns.insert(columns.end(), kMeasures.begin(), kMeasures.end());
  return columns;
}

// Every run of the table: the CSV's rows, and per scenario and method the values over seeds.
struct Runs {
  lethe::bench::Table csv{csvColumns(), {}};
  std::map<std::string, std::map<std::string, Samples>> table;  // scenario -> method -> samples
  std::map<std::string, std::vector<std::string>> order;         // scenario -> methods as listed

  // One run: its measures in kMeasures' order, nullopt where the method has no such measure (original's gap).
  void record(const std::string& scenario, int seed, const std::string& method,
              const std::vector<std::optional<double>>& measures) {
    if (!table[scenario].count(method)) order[scenario].push_back(method);
    auto& samples = table[scenario][method];
    std::vector<std::string> row = {scenario, std::to_string(seed), method};
    for (size_t i = 0; i < kMeasures.size(); ++i) {
      row.push_back(measures[i] ? fixed(*measures[i]) : "");
      if (measures[i]) samples.by_seed[kMeasures[i]][seed] = *measures[i];
    }
    csv.rows.push_back(row);
  }

  void record(const std::string& scenario, int seed, const std::string& method, const lethe::Result& result, size_t row) {
    std::vector<std::optional<double>> measures;
    for (const auto& measure : kMeasures) {
      const bool present = hasColumn(result, measure) && !result.at(row, measure).isNull();
      measures.push_back(present ? std::optional<double>(result.at(row, measure).real()) : std::nullopt);
    }
    record(scenario, seed, method, measures);
  }
};

// The rows of a CSV this benchmark wrote (no quoting: its cells are names and numbers).
Runs readCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  Runs runs;
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    cells.resize(3 + kMeasures.size());  // a trailing empty cell is not read as one
    std::vector<std::optional<double>> measures;
    for (size_t i = 3; i < cells.size(); ++i)
      measures.push_back(cells[i].empty() ? std::nullopt : std::optional<double>(std::stod(cells[i])));
    runs.record(cells[0], std::stoi(cells[1]), cells[2], measures);
  }
  return runs;
}

bool isReference(const std::string& method) { return method == "original" || method == "retrain"; }

// The listed method with the lowest mean Avg. Gap, the references and `except` left out (the
// first listed wins a tie); "" when there is none.
std::string lowestGap(const std::map<std::string, Samples>& methods, const std::vector<std::string>& order,
                      const std::string& except = "") {
  std::string lowest;
  double lowest_gap = INFINITY;
  for (const auto& method : order) {
    if (isReference(method) || method == except) continue;
    const double gap = meanOf(methods.at(method).of("gap"));
    if (gap < lowest_gap) {
      lowest_gap = gap;
      lowest = method;
    }
  }
  return lowest;
}

// "salun − iu, the lowest other method, paired over seeds: ..." for one scenario.
std::string pairedLine(const std::map<std::string, Samples>& methods, const std::vector<std::string>& order) {
  const auto salun = methods.find("salun");
  const std::string rival = lowestGap(methods, order, "salun");
  if (salun == methods.end() || rival.empty()) return "";
  const auto d = lethe::bench::pairedDifference(salun->second.bySeed("gap"), methods.at(rival).bySeed("gap"));
  return "Paired over seeds, Avg. Gap of salun − " + rival + " (the lowest other method): " +
         (d.mean >= 0 ? "+" : "") + fixed(d.mean) + " ± " + fixed(d.sd) + "; salun lower on " +
         std::to_string(d.lower) + " of " + std::to_string(d.seeds) + " seeds: " + d.verdict() + ".\n";
}

}  // namespace

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  // Default: the SalUn paper's table (the corrupted-data methods have bench/rem_grid).
  std::vector<std::string> methods = splitList(o.methods.empty() ? "ft,rl,ga,iu,l1_sparse,bs,be,salun,salun_soft" : o.methods);
  std::vector<std::string> scenarios = splitList(o.scenarios);

  Runs runs;
  double train_seconds = 0;
  int models_trained = 0;  // the others came from --catalog
  int seeds = o.seeds;

  if (!o.from_csv.empty()) {
    runs = readCsv(o.from_csv);
    scenarios.erase(std::remove_if(scenarios.begin(), scenarios.end(), [&](const std::string& s) { return !runs.table.count(s); }),
                    scenarios.end());
    seeds = 0;
    for (const auto& row : runs.csv.rows) seeds = std::max(seeds, std::stoi(row[1]));
  } else {
    lethe::Database db(o.catalog);
    lethe::Connection con(db);
    o.createDataset(con);
    for (int seed = 1; seed <= o.seeds; ++seed) {
      const std::string model = o.modelName(seed);
      const auto trained = o.createModel(con, seed);
      if (hasColumn(trained, "seconds")) {
        train_seconds += trained.at(0, "seconds").real();
        ++models_trained;
        std::cerr << model << ": test accuracy " << fixed(trained.at(0, "test_acc").real()) << "\n";
      } else {
        std::cerr << model << ": from the catalog\n";
      }
      for (const auto& scenario : scenarios) {
        const std::string target = scenarioTarget(scenario, o.forget_class, seed);
        const auto r = mustQuery(con, "COMPARE METHODS (" + join(methods) + ") FOR " + target + " FROM " + model + "@1;");
        const auto original = mustQuery(con, "EVALUATE MODEL " + model + "@1 METRICS (ua, ra, ta, mia) FOR RUN " +
                                                 std::to_string(r.at(0, "run").integer()) + ";");
        runs.record(scenario, seed, "original", original, 0);
        for (size_t row = 0; row < r.rowCount(); ++row) runs.record(scenario, seed, r.at(row, "method").text(), r, row);
        std::cerr << "  " << scenario << ": " << r.rowCount() << " methods done\n";
      }
    }
  }

  std::ostringstream md;
  md << "# Fashion-MNIST, " << o.arch << ": the SalUn comparison table\n\n"
     << o.train << " training / " << o.test << " test images, models trained " << o.trainingEpochs() << " epochs, "
     << seeds << " seed(s); mean ± std over seeds. seconds = mask + unlearning (retrain: training "
     << "from scratch on the retain set). Avg. Gap = mean |UA, RA, TA, MIA − retrain's|.\n";
  for (const auto& scenario : scenarios) {
    lethe::bench::Table t{{"method", "UA", "RA", "TA", "MIA", "Avg. Gap", "seconds"}, {}};
    for (const auto& method : runs.order[scenario]) {
      const auto& v = runs.table[scenario][method];
      t.rows.push_back({method, meanStd(v.of("ua")), meanStd(v.of("ra")), meanStd(v.of("ta")), meanStd(v.of("mia")),
                        method == "original" ? "-" : meanStd(v.of("gap")), method == "original" ? "-" : meanStd(v.of("seconds"))});
    }
    md << "\n## " << scenario << " (" << scenarioTarget(scenario, o.forget_class, 1) << ")\n\n";
    std::ostringstream body;
    t.print(body);
    md << body.str();
    const auto& listed = runs.table[scenario];
    const auto salun = listed.find("salun");
    const auto retrain = listed.find("retrain");
    if (salun != listed.end() && retrain != listed.end()) {
      const std::string best = lowestGap(listed, runs.order[scenario]);
      md << "\nLowest Avg. Gap: " << best << " (" << fixed(meanOf(listed.at(best).of("gap"))) << "). SalUn cost: "
         << fixed(100.0 * meanOf(salun->second.of("seconds")) / meanOf(retrain->second.of("seconds")), 1) << "% of retrain's.\n"
         << pairedLine(listed, runs.order[scenario]);
    }
  }
  if (models_trained > 0) md << "\nTraining: " << fixed(train_seconds / models_trained, 1) << " s per model.\n";

  std::cout << md.str();
  std::filesystem::create_directories(o.out);
  std::ofstream(std::filesystem::path(o.out) / ("paper_table_" + o.arch + ".md")) << md.str();
  runs.csv.writeCsv(std::filesystem::path(o.out) / ("paper_table_" + o.arch + ".csv"));
  std::cout << "\nwritten: " << o.out << "/paper_table_" << o.arch << ".{md,csv}\n";
  return 0;
}
