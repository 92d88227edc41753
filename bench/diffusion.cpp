// bench/diffusion: SalUn's generation half at full size. A class-conditional DDPM trained on
// the whole of Fashion-MNIST (training time, sampling images/s), a judge classifier, then one
// class forgotten with retrain (the reference), salun, ga and ft through COMPARE METHODS:
// ua_gen, fid, acc_gen and seconds per method, against the original generator's, and before /
// after sample grids (PNG) of the original generator and salun's.
//
//   diffusion --catalog build/diffusion.db --out bench/results   (`--help`: parse() below)
//
// With --catalog the generator, the judge and the retrain stay in FILE, so a rerun repeats only
// the unlearning. --steps scales the generator's training (0: the registry's default).
#include "bench/bench_util.hpp"
#include "common/openmp_wait.hpp"

using lethe::bench::fixed;
using lethe::bench::mustQuery;
using lethe::bench::nonNegative;
using lethe::bench::positive;

namespace {

struct Options {
  std::string catalog = ":memory:";
  std::string out = "bench/results";
  std::string forget_class = "Sneaker";
  int64_t steps = 0;          // generator training steps; 0 = the registry's default
  int64_t judge_epochs = 8;   // the judge cnn's training epochs
  int64_t samples = 100;      // per class, for the metrics
  int64_t grid = 8;           // per class, in the sample grids
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "SalUn for generators: a class-conditional DDPM on Fashion-MNIST, one class forgotten with retrain, "
      "salun, ga and ft; ua_gen, fid, acc_gen and cost.",
      "diffusion");
  app.add_option("--catalog", o.catalog, "catalog file the generator, judge and retrain stay in between runs");
  app.add_option("--out", o.out, "directory diffusion.csv and the sample grids are written to");
  app.add_option("--class", o.forget_class, "the class to forget");
  app.add_option("--steps", o.steps, "generator training steps (0: the registry's default)")->check(nonNegative());
  app.add_option("--judge-epochs", o.judge_epochs, "training epochs of the judge cnn")->check(positive());
  app.add_option("--samples", o.samples, "samples per class the metrics draw")->check(positive());
  app.add_option("--grid", o.grid, "samples per class in the before / after grids")->check(positive());
  app.parseOrExit(argc, argv);
  return o;
}

bool exists(lethe::Connection& con, const std::string& show, const std::string& name) {
  const auto r = mustQuery(con, show);
  for (size_t i = 0; i < r.rowCount(); ++i)
    if (r.at(i, "name").text() == name) return true;
  return false;
}

double cell(const lethe::Result& r, size_t row, const std::string& column) {
  for (const auto& c : r.columns())
    if (c == column && !r.at(row, column).isNull()) return r.at(row, column).real();
  return NAN;
}

}  // namespace

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  std::filesystem::create_directories(o.out);
  lethe::Database db(o.catalog);
  lethe::Connection con(db);

  if (!exists(con, "SHOW DATASETS;", "fmnist")) mustQuery(con, "CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';");
  if (!exists(con, "SHOW MODELS;", "judge"))
    mustQuery(con, "CREATE MODEL judge ARCH cnn ON fmnist WITH (epochs = " + std::to_string(o.judge_epochs) +
                       ", seed = 1);");
  double train_seconds = NAN;
  if (!exists(con, "SHOW MODELS;", "gen")) {
    const std::string steps = o.steps > 0 ? "steps = " + std::to_string(o.steps) + ", " : "";
    const auto trained = mustQuery(con, "CREATE MODEL gen ARCH ddpm ON fmnist WITH (" + steps + "seed = 1);");
    train_seconds = cell(trained, 0, "seconds");
  } else {
    const auto runs = mustQuery(con, "SHOW RUNS;");
    for (size_t i = 0; i < runs.rowCount(); ++i)
      if (runs.at(i, "kind").text() == "train" && runs.at(i, "model").text() == "gen@1") train_seconds = cell(runs, i, "seconds");
  }

  const std::string judge = "judge = judge, samples = " + std::to_string(o.samples);
  const auto before = mustQuery(con, "SAMPLE " + std::to_string(o.grid) + " FROM gen@1 WITH (seed = 1) INTO '" +
                                         (std::filesystem::path(o.out) / "diffusion_before.png").string() + "';");
  const double images_per_second = cell(before, 0, "images_per_s");

  const std::string target = "FOR CLASS '" + o.forget_class + "' FROM gen@1";
  const auto compare = mustQuery(con, "COMPARE METHODS (retrain, salun, ga, ft) " + target + " WITH (" + judge + ");");
  const auto original =
      mustQuery(con, "EVALUATE MODEL gen@1 METRICS (ua_gen, fid, acc_gen) FOR FORGET SET 1 WITH (" + judge + ");");

  double retrain_seconds = NAN;
  std::string salun_model;
  for (size_t i = 0; i < compare.rowCount(); ++i) {
    if (compare.at(i, "method").text() == "retrain") retrain_seconds = cell(compare, i, "seconds");
    if (compare.at(i, "method").text() == "salun") salun_model = compare.at(i, "model").text();
  }
  if (!salun_model.empty())
    mustQuery(con, "SAMPLE " + std::to_string(o.grid) + " FROM " + salun_model + " WITH (seed = 1) INTO '" +
                       (std::filesystem::path(o.out) / "diffusion_after_salun.png").string() + "';");

  lethe::bench::Table timing{{"measure", "value"}, {}};
  timing.rows = {
      {"generator training seconds", fixed(train_seconds, 0)},
      {"sampling images / second (DDIM, 50 steps, guidance 2)", fixed(images_per_second, 1)},
      {"retrain seconds", fixed(retrain_seconds, 0)},
  };
  std::cout << "\n## Generator on Fashion-MNIST: cost\n\n";
  timing.print(std::cout);

  lethe::bench::Table table{{"method", "ua_gen", "fid", "acc_gen", "seconds", "% of retrain"}, {}};
  table.rows.push_back({"original", fixed(cell(original, 0, "ua_gen")), fixed(cell(original, 0, "fid")),
                        fixed(cell(original, 0, "acc_gen")), "-", "-"});
  for (size_t i = 0; i < compare.rowCount(); ++i) {
    const double seconds = cell(compare, i, "seconds");
    table.rows.push_back({compare.at(i, "method").text(), fixed(cell(compare, i, "ua_gen")), fixed(cell(compare, i, "fid")),
                          fixed(cell(compare, i, "acc_gen")), fixed(seconds, 1), fixed(100.0 * seconds / retrain_seconds, 1)});
  }
  std::cout << "\n## FORGET CLASS '" << o.forget_class << "' from the generator\n\n";
  table.print(std::cout);
  const auto csv = std::filesystem::path(o.out) / "diffusion.csv";
  table.writeCsv(csv);
  timing.writeCsv(std::filesystem::path(o.out) / "diffusion_timing.csv");
  std::cout << "\nCSV: " << csv.string() << "; grids: diffusion_before.png, diffusion_after_salun.png\n";
  return 0;
}
