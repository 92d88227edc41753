// bench/rem_grid: REM's task space on Fashion-MNIST. For each corruption — poison (high
// regularity), swap (medium), random labels (low) — a gated model is trained on the corrupted
// data; then every method forgets the discovered part at each discovery rate with
// `FORGET CORRUPTED DISCOVERED p PERCENT`. Output: the Healed / Utility / U×H table as the
// REM paper reports it (mean over the grid), per-corruption tables, a CSV with one row per
// run, and one heatmap PNG per method (rows: poison, swap, random; columns: the discovery
// rates in order; colour: U×H from 0 to 100).
//
//   rem_grid --kinds poison --rates 10,50,100   (`--help` lists every flag: parse() below)
#include <map>
#include <sstream>

#include "bench/bench_util.hpp"
#include "bench/heatmap.hpp"
#include "common/openmp_wait.hpp"

using lethe::bench::eachOneOf;
using lethe::bench::fixed;
using lethe::bench::mustQuery;
using lethe::bench::positive;
using lethe::bench::splitList;

namespace {

struct Options {
  std::string arch = "cnn_gated";
  int64_t train = 5000;
  int64_t test = 2000;
  int64_t epochs = 10;
  int64_t count = 500;  // corrupted rows: 10% of the training set
  std::string rates = "10,30,50,70,100";
  std::string methods = "retrain,ft,ga,salun,npo,scrub,potion,rem";
  std::string kinds = "poison,swap,random";
  int seed = 1;
  std::string out = "bench/results";
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "REM's task space on Fashion-MNIST: every method forgets the discovered part of each "
      "corruption at each discovery rate.",
      "rem_grid");
  app.add_option("--arch", o.arch, "architecture of the gated models");
  app.add_option("--train", o.train, "training rows of the Fashion-MNIST subset")->check(positive());
  app.add_option("--test", o.test, "test rows of the Fashion-MNIST subset")->check(positive());
  app.add_option("--epochs", o.epochs, "training epochs of the models")->check(positive());
  app.add_option("--count", o.count, "corrupted training rows")->check(positive());
  app.add_option("--rates", o.rates, "comma-separated discovery rates in percent (the heatmaps' columns)")
      ->type_name("LIST");
  app.add_option("--methods", o.methods, "comma-separated methods")->type_name("LIST");
  app.add_option("--kinds", o.kinds, "comma-separated corruptions (the heatmaps' rows)")
      ->type_name("LIST")
      ->check(eachOneOf({"poison", "swap", "random"}));
  app.add_option("--seed", o.seed, "seed of the subset, the models, the corruptions and the discovered rows");
  app.add_option("--out", o.out, "directory the tables, the CSV and the heatmaps are written to");
  app.parseOrExit(argc, argv);
  return o;
}

// The recipe of each corruption (METHODS.md, "REM"), scaled to `count` rows.
std::string recipeOf(const std::string& kind, const Options& o) {
  const std::string common = "count = " + std::to_string(o.count) + ", seed = " + std::to_string(o.seed);
  if (kind == "poison") return "kind = 'poison', target = 'T-shirt/top', " + common;
  if (kind == "swap") return "kind = 'swap', classes = ('Pullover', 'Shirt'), " + common;
  if (kind == "random") return "kind = 'random', " + common;
  std::cerr << "unknown corruption kind " << kind << " (poison, swap, random)\n";
  std::exit(2);
}

struct Cell {
  double healed = 0, utility = 0, uxh = 0, seconds = 0;
};

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0.0 : sum / double(v.size());
}

}  // namespace

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  const std::vector<std::string> kinds = splitList(o.kinds), rates = splitList(o.rates), methods = splitList(o.methods);
  lethe::Database db(":memory:");
  lethe::Connection con(db);
  mustQuery(con, "CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';");
  mustQuery(con, "CREATE DATASET d AS SUBSET OF fmnist WITH (train = " + std::to_string(o.train) + ", test = " +
                     std::to_string(o.test) + ", seed = " + std::to_string(o.seed) + ");");

  lethe::bench::Table runs{{"kind", "discovered", "method", "healed", "utility", "uxh", "asr", "seconds"}, {}};
  std::map<std::string, std::map<std::string, std::map<std::string, Cell>>> grid;  // method -> kind -> rate
  std::map<std::string, Cell> base;                                              // kind -> the corrupted model
  for (const auto& kind : kinds) {
    const std::string data = "c_" + kind, model = "m_" + kind;
    mustQuery(con, "CORRUPT DATASET d INTO " + data + " WITH (" + recipeOf(kind, o) + ");");
    const auto trained = mustQuery(con, "CREATE MODEL " + model + " ARCH " + o.arch + " ON " + data +
                                            " WITH (epochs = " + std::to_string(o.epochs) + ", seed = " +
                                            std::to_string(o.seed) + ");");
    const auto before = mustQuery(con, "EVALUATE MODEL " + model + " METRICS (healed, utility, uxh);");
    base[kind] = {before.at(0, "healed").real(), before.at(0, "utility").real(), before.at(0, "uxh").real(),
                  trained.at(0, "seconds").real()};
    runs.rows.push_back({kind, "-", "original", fixed(base[kind].healed), fixed(base[kind].utility),
                         fixed(base[kind].uxh), "", fixed(base[kind].seconds)});
    std::cerr << kind << ": trained, healed " << fixed(base[kind].healed) << " utility " << fixed(base[kind].utility)
              << "\n";
    for (const auto& rate : rates) {
      for (const auto& method : methods) {
        const std::string metrics = kind == "poison" ? "healed, utility, uxh, asr" : "healed, utility, uxh";
        const auto r = mustQuery(con, "FORGET CORRUPTED DISCOVERED " + rate + " PERCENT SEED " + std::to_string(o.seed) +
                                          " OF " + data + " FROM " + model + "@1 USING " + method + " EVALUATE " +
                                          metrics + ", rte;");
        Cell cell{r.at(0, "healed").real(), r.at(0, "utility").real(), r.at(0, "uxh").real(), r.at(0, "rte").real()};
        grid[method][kind][rate] = cell;
        runs.rows.push_back({kind, rate, method, fixed(cell.healed), fixed(cell.utility), fixed(cell.uxh),
                             kind == "poison" ? fixed(r.at(0, "asr").real()) : "", fixed(cell.seconds)});
        std::cerr << "  " << kind << " " << rate << "% " << method << ": uxh " << fixed(cell.uxh) << " ("
                  << fixed(cell.seconds, 1) << " s)\n";
      }
    }
  }

  std::ostringstream md;
  md << "# REM grid on Fashion-MNIST, " << o.arch << "\n\n"
     << o.train << " training / " << o.test << " test images, " << o.count << " corrupted rows per corruption, "
     << "models trained " << o.epochs << " epochs, seed " << o.seed << ". Discovery rates: " << o.rates
     << "%. Healed = accuracy on the corrupted rows against their true labels, Utility = clean test accuracy "
     << "(swap: without the swapped classes), U×H = Healed × Utility / 100; seconds = unlearning time per run.\n\n"
     << "## Mean over " << kinds.size() << " corruptions × " << rates.size() << " discovery rates\n\n";
  lethe::bench::Table summary{{"method", "Healed", "Utility", "U×H", "seconds"}, {}};
  {
    std::vector<double> h, u, x;
    for (const auto& kind : kinds) h.push_back(base[kind].healed), u.push_back(base[kind].utility), x.push_back(base[kind].uxh);
    summary.rows.push_back({"original (no unlearning)", fixed(mean(h)), fixed(mean(u)), fixed(mean(x)), "-"});
  }
  std::string best;
  double best_uxh = -1;
  for (const auto& method : methods) {
    std::vector<double> h, u, x, s;
    for (const auto& kind : kinds)
      for (const auto& rate : rates) {
        const Cell& c = grid[method][kind][rate];
        h.push_back(c.healed), u.push_back(c.utility), x.push_back(c.uxh), s.push_back(c.seconds);
      }
    summary.rows.push_back({method, fixed(mean(h)), fixed(mean(u)), fixed(mean(x)), fixed(mean(s), 1)});
    if (mean(x) > best_uxh) best_uxh = mean(x), best = method;
  }
  std::ostringstream body;
  summary.print(body);
  md << body.str() << "\nBest mean U×H: " << best << " (" << fixed(best_uxh) << ").\n";

  for (const auto& kind : kinds) {
    lethe::bench::Table t{{"method"}, {}};
    for (const auto& rate : rates) t.columns.push_back("U×H @" + rate + "%");
    for (const auto& method : methods) {
      std::vector<std::string> row = {method};
      for (const auto& rate : rates) row.push_back(fixed(grid[method][kind][rate].uxh));
      t.rows.push_back(row);
    }
    std::ostringstream text;
    t.print(text);
    md << "\n## " << kind << " (" << recipeOf(kind, o) << "; before unlearning: healed " << fixed(base[kind].healed)
       << ", utility " << fixed(base[kind].utility) << ")\n\n" << text.str();
  }

  std::filesystem::create_directories(o.out);
  md << "\nHeatmaps: " << o.out << "/rem_grid_<method>.png — rows " << o.kinds << ", columns " << o.rates
     << "% discovered, colour U×H from 0 (dark) to 100 (yellow).\n";
  for (const auto& method : methods) {
    std::vector<std::vector<double>> values;
    for (const auto& kind : kinds) {
      values.emplace_back();
      for (const auto& rate : rates) values.back().push_back(grid[method][kind][rate].uxh);
    }
    const std::string file = (std::filesystem::path(o.out) / ("rem_grid_" + method + ".png")).string();
    if (!lethe::bench::writeHeatmap(file, values, 0.0, 100.0)) std::cerr << "could not write " << file << "\n";
  }
  std::cout << md.str();
  std::ofstream(std::filesystem::path(o.out) / "rem_grid.md") << md.str();
  runs.writeCsv(std::filesystem::path(o.out) / "rem_grid.csv");
  std::cout << "\nwritten: " << o.out << "/rem_grid.{md,csv} and rem_grid_<method>.png\n";
  return 0;
}
