// bench/paper_table: the SalUn paper's comparison table on Fashion-MNIST. For each seed a model
// is trained, and for each scenario — 10% random, 50% random, class-wise — one
// `COMPARE METHODS (every method) ...` runs all methods on one forget set with retrain as the
// reference. Printed and written as markdown (mean ± std over seeds) and CSV (one row per run).
//
//   paper_table --arch resnet20 --epochs 40 --scenarios random50 --methods rl,salun
//
// (`--help` lists every flag: kUsage below.)
//
// With --catalog the models and retrain references come from (and stay in) FILE, e.g. the
// catalog of the bench/method_sweep runs that tuned the defaults on the same setting.
#include <cmath>
#include <map>
#include <sstream>

#include "bench/paper_setting.hpp"

using lethe::bench::fixed;
using lethe::bench::meanOf;
using lethe::bench::meanStd;
using lethe::bench::scenarioTarget;
using lethe::bench::mustQuery;
using lethe::bench::splitList;

namespace {

struct Options : lethe::bench::PaperSetting {
  std::string methods;  // empty: the SalUn paper's methods
  std::string scenarios = "random10,random50,class";
};

const char* const kUsage =
    "paper_table [--arch cnn] [--train N] [--test N] [--epochs E] [--seeds S] [--class NAME] [--methods a,b,c] [--scenarios random10,random50,class] [--out DIR] [--catalog FILE]";

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::readFlags(argc, argv, kUsage, [&o](const std::string& flag, const std::string& value) {
    if (o.readFlag(flag, value)) return true;
    if (flag == "--methods") o.methods = value;
    else if (flag == "--scenarios") o.scenarios = value;
    else return false;
    return true;
  });
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

struct Samples {
  std::map<std::string, std::vector<double>> values;  // measure -> one value per seed
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  lethe::Database db(o.catalog);
  lethe::Connection con(db);
  o.createDataset(con);

  // Default: the SalUn paper's table (the corrupted-data methods have bench/rem_grid).
  std::vector<std::string> methods = splitList(o.methods.empty() ? "ft,rl,ga,iu,l1_sparse,bs,be,salun,salun_soft" : o.methods);
  const std::vector<std::string> scenarios = splitList(o.scenarios);

  lethe::bench::Table runs{{"scenario", "seed", "method", "ua", "ra", "ta", "mia", "gap", "seconds"}, {}};
  std::map<std::string, std::map<std::string, Samples>> table;  // scenario -> method -> samples
  std::map<std::string, std::vector<std::string>> order;         // scenario -> methods as listed
  double train_seconds = 0;
  int models_trained = 0;  // the others came from --catalog

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
      auto record = [&](const std::string& method, const lethe::Result& result, size_t row) {
        std::vector<std::string> cells = {scenario, std::to_string(seed), method};
        auto& samples = table[scenario][method];
        if (samples.values.empty()) order[scenario].push_back(method);
        for (const auto& measure : kMeasures) {
          const bool present = hasColumn(result, measure) && !result.at(row, measure).isNull();
          cells.push_back(present ? fixed(result.at(row, measure).real()) : "");
          if (present) samples.values[measure].push_back(result.at(row, measure).real());
        }
        runs.rows.push_back(cells);
      };
      record("original", original, 0);
      for (size_t row = 0; row < r.rowCount(); ++row) record(r.at(row, "method").text(), r, row);
      std::cerr << "  " << scenario << ": " << r.rowCount() << " methods done\n";
    }
  }

  std::ostringstream md;
  md << "# Fashion-MNIST, " << o.arch << ": the SalUn comparison table\n\n"
     << o.train << " training / " << o.test << " test images, models trained " << o.trainingEpochs() << " epochs, "
     << o.seeds << " seed(s); mean ± std over seeds. seconds = mask + unlearning (retrain: training "
     << "from scratch on the retain set). Avg. Gap = mean |UA, RA, TA, MIA − retrain's|.\n";
  for (const auto& scenario : scenarios) {
    lethe::bench::Table t{{"method", "UA", "RA", "TA", "MIA", "Avg. Gap", "seconds"}, {}};
    std::string best;
    double best_gap = INFINITY;
    for (const auto& method : order[scenario]) {
      auto& v = table[scenario][method].values;
      t.rows.push_back({method, meanStd(v["ua"]), meanStd(v["ra"]), meanStd(v["ta"]), meanStd(v["mia"]),
                        method == "original" ? "-" : meanStd(v["gap"]), method == "original" ? "-" : meanStd(v["seconds"])});
      if (method != "original" && method != "retrain" && meanOf(v["gap"]) < best_gap) {
        best_gap = meanOf(v["gap"]);
        best = method;
      }
    }
    md << "\n## " << scenario << " (" << scenarioTarget(scenario, o.forget_class, 1) << ")\n\n";
    std::ostringstream body;
    t.print(body);
    md << body.str();
    const auto& salun = table[scenario]["salun"].values;
    const auto& retrain = table[scenario]["retrain"].values;
    if (!salun.empty() && !retrain.empty()) {
      md << "\nLowest Avg. Gap: " << best << " (" << fixed(best_gap) << "). SalUn cost: "
         << fixed(100.0 * meanOf(salun.at("seconds")) / meanOf(retrain.at("seconds")), 1) << "% of retrain's.\n";
    }
  }
  if (models_trained > 0) md << "\nTraining: " << fixed(train_seconds / models_trained, 1) << " s per model.\n";

  std::cout << md.str();
  std::filesystem::create_directories(o.out);
  std::ofstream(std::filesystem::path(o.out) / ("paper_table_" + o.arch + ".md")) << md.str();
  runs.writeCsv(std::filesystem::path(o.out) / ("paper_table_" + o.arch + ".csv"));
  std::cout << "\nwritten: " << o.out << "/paper_table_" << o.arch << ".{md,csv}\n";
  return 0;
}
