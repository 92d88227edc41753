// bench/method_sweep: one or more methods' options over a grid. One of the SalUn paper's
// scenarios, one or more methods each with a grid of option values; every grid point runs as
// `COMPARE METHODS (method) ... WITH (method.option = value, ...)` on the same models and
// forget sets as bench/paper_table (so retrain runs once per seed and is reused from the
// catalog), and the table gives UA, RA, TA, MIA, Avg. Gap and seconds, mean ± std over seeds.
//
//   method_sweep --scenario class --method salun --grid "lr=0.001,0.002;epochs=2,3" --method iu --grid "alpha=1,2"
//
// (`--help` lists every flag: parse() below.)
//
// With --catalog the models and retrain references are kept in FILE and reused by the next
// sweep or paper_table of the same setting (on resnet20 they are most of a sweep's time).
// Each --grid belongs to the --method before it. An option named `threshold` sets SalUn's
// THRESHOLD. Options a grid leaves unset are calibrated (docs/calibration.md) unless the grid
// holds `calibrate=false`, which runs the base defaults. Written to bench/results/sweep_<scenario>_<arch>.{md,csv}.
#include <map>
#include <set>
#include <sstream>

#include "bench/paper_setting.hpp"
#include "common/openmp_wait.hpp"

using lethe::bench::fixed;
using lethe::bench::meanOf;
using lethe::bench::meanStd;
using lethe::bench::mustQuery;
using lethe::bench::scenarioTarget;
using lethe::bench::splitList;

namespace {

struct Sweep {
  std::string method;
  std::string grid;  // "" = no option set: calibrated
};

struct Options : lethe::bench::PaperSetting {
  std::vector<Sweep> sweeps;
  std::string scenario;
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app("One or more methods' options over a grid, on bench/paper_table's setting.", "method_sweep");
  std::vector<std::string> methods, grids;
  app.add_option("--scenario", o.scenario, "the scenario the methods forget")
      ->required()
      ->check(CLI::IsMember({"random10", "random50", "class"}));
  CLI::Option* method = app.add_option("--method", methods, "a method to sweep (repeatable: one --method per method)")
                            ->required()
                            ->default_str("")
                            ->allow_extra_args(false)
                            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  CLI::Option* grid = app.add_option("--grid", grids,
                                     "the option grid of the --method before it, \"opt=a,b;opt2=c\": every point of "
                                     "the cartesian product runs; options it leaves unset are calibrated unless it "
                                     "holds calibrate=false; threshold sets SalUn's THRESHOLD (default: no option set)")
                          ->default_str("")
                          ->allow_extra_args(false)
                          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  o.addFlags(app);
  app.parseOrExit(argc, argv);
  // Each --grid belongs to the --method before it: pair them in command-line order.
  size_t next_method = 0, next_grid = 0;
  for (const CLI::Option* flag : app.parse_order()) {
    if (flag == method) {
      o.sweeps.push_back({methods[next_method++], ""});
    } else if (flag == grid) {
      if (o.sweeps.empty()) {
        std::cerr << "--grid " << grids[next_grid]
                  << " comes before any --method: each --grid belongs to the --method before it\n"
                  << "Run with --help for more information.\n";
        std::exit(2);
      }
      o.sweeps.back().grid = grids[next_grid++];
    }
  }
  return o;
}

using Setting = std::vector<std::pair<std::string, std::string>>;  // option = value, in grid order

// "lr=0.001,0.002;epochs=2,3" -> the four settings of the cartesian product (the empty grid:
// one setting, calibration).
std::vector<Setting> expandGrid(const std::string& grid) {
  std::vector<Setting> settings = {{}};
  std::stringstream in(grid);
  for (std::string axis; std::getline(in, axis, ';');) {
    const auto eq = axis.find('=');
    if (eq == std::string::npos) {
      std::cerr << "grid axis '" << axis << "' is not option=value,value\n";
      std::exit(2);
    }
    const std::string option = axis.substr(0, eq);
    std::vector<Setting> next;
    for (const auto& setting : settings)
      for (const auto& value : splitList(axis.substr(eq + 1))) {
        Setting extended = setting;
        extended.emplace_back(option, value);
        next.push_back(std::move(extended));
      }
    settings = std::move(next);
  }
  return settings;
}

std::string describe(const Setting& setting) {
  std::string text;
  for (const auto& [option, value] : setting) text += (text.empty() ? "" : " ") + option + "=" + value;
  return text.empty() ? "(defaults)" : text;
}

std::string withClause(const std::string& method, const Setting& setting) {
  std::string text;
  for (const auto& [option, value] : setting) text += (text.empty() ? "" : ", ") + method + "." + option + " = " + value;
  return text.empty() ? "" : " WITH (" + text + ")";
}

const std::vector<std::string> kMeasures = {"ua", "ra", "ta", "mia", "gap", "seconds"};

}  // namespace

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  // Every (method, setting) row in the order given; its label names both.
  struct Point {
    std::string method, label;
    Setting setting;
  };
  std::vector<Point> points;
  for (const auto& sweep : o.sweeps)
    for (const auto& setting : expandGrid(sweep.grid)) points.push_back({sweep.method, sweep.method + " " + describe(setting), setting});

  lethe::Database db(o.catalog);
  lethe::Connection con(db);
  o.createDataset(con);

  lethe::bench::Table runs{{"method", "setting", "seed", "ua", "ra", "ta", "mia", "gap", "seconds"}, {}};
  std::map<std::string, std::map<std::string, std::vector<double>>> samples;  // label -> measure -> per seed
  std::map<std::string, std::vector<double>> retrain;                         // measure -> per seed
  for (int seed = 1; seed <= o.seeds; ++seed) {
    const std::string model = o.modelName(seed);
    o.createModel(con, seed);
    const std::string target = scenarioTarget(o.scenario, o.forget_class, seed);
    for (const auto& point : points) {
      const auto r = mustQuery(con, "COMPARE METHODS (" + point.method + ") FOR " + target + " FROM " + model + "@1" +
                                        withClause(point.method, point.setting) + ";");
      // Row 0 is the retrain reference: run for the first point, reused from the catalog after.
      if (&point == &points.front())
        for (const auto& measure : kMeasures) retrain[measure].push_back(r.at(0, measure).real());
      const size_t row = r.rowCount() - 1;
      std::vector<std::string> cells = {point.method, describe(point.setting), std::to_string(seed)};
      for (const auto& measure : kMeasures) {
        const auto& value = r.at(row, measure);
        cells.push_back(value.isNull() ? "" : fixed(value.real()));
        if (!value.isNull()) samples[point.label][measure].push_back(value.real());
      }
      runs.rows.push_back(cells);
      std::cerr << model << " " << point.label << ": gap " << cells[7] << "\n";
    }
  }

  lethe::bench::Table summary{{"setting", "UA", "RA", "TA", "MIA", "Avg. Gap", "seconds"}, {}};
  summary.rows.push_back({"retrain (reference)", meanStd(retrain["ua"]), meanStd(retrain["ra"]), meanStd(retrain["ta"]),
                          meanStd(retrain["mia"]), "-", meanStd(retrain["seconds"])});
  std::map<std::string, std::pair<double, std::string>> best;  // method -> (gap, label)
  for (const auto& point : points) {
    auto& v = samples[point.label];
    summary.rows.push_back({point.label, meanStd(v["ua"]), meanStd(v["ra"]), meanStd(v["ta"]), meanStd(v["mia"]),
                            meanStd(v["gap"]), meanStd(v["seconds"])});
    auto& [gap, label] = best.try_emplace(point.method, INFINITY, "").first->second;
    if (!v["gap"].empty() && meanOf(v["gap"]) < gap) gap = meanOf(v["gap"]), label = point.label;
  }

  std::ostringstream md;
  md << "# " << o.scenario << " (" << scenarioTarget(o.scenario, o.forget_class, 1) << "), " << o.arch << "\n\n"
     << o.train << " / " << o.test << " images, models trained " << o.trainingEpochs() << " epochs, " << o.seeds
     << " seed(s); mean ± std over seeds.\n\n";
  summary.print(md);
  md << "\nLowest Avg. Gap per method:\n";
  std::set<std::string> listed;  // a method given two grids is listed once
  for (const auto& sweep : o.sweeps) {
    if (!listed.insert(sweep.method).second) continue;
    const auto& [gap, label] = best[sweep.method];
    // A diverged run has no metrics (COMPARE notes why); a method with no finished run has no best.
    md << "- " << (label.empty() ? sweep.method + ": no run gave metrics" : label + " (" + fixed(gap) + ")") << "\n";
  }
  std::cout << md.str();
  const std::string stem = "sweep_" + o.scenario + "_" + o.arch;
  std::filesystem::create_directories(o.out);
  std::ofstream(std::filesystem::path(o.out) / (stem + ".md")) << md.str();
  runs.writeCsv(std::filesystem::path(o.out) / (stem + ".csv"));
  return 0;
}
