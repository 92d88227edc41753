// bench/quickstart: the quickstart scenario at full size. Fashion-MNIST (60k/10k), cnn:
// training throughput, then 10% random forgetting with retrain (the reference) and SalUn,
// with mask / unlearning / retrain seconds and the UA/RA/TA/MIA/Avg. Gap table.
//
//   quickstart --train 5000 --threshold 0.3   (`--help` lists every flag: parse() below)
#include <regex>

#include "bench/bench_util.hpp"
#include "common/openmp_wait.hpp"

using lethe::bench::fixed;
using lethe::bench::fraction;
using lethe::bench::mustQuery;
using lethe::bench::positive;

namespace {

struct Options {
  int64_t train = 60000;
  int64_t epochs = 4;
  int64_t salun_epochs = 2;
  double salun_lr = 0.002;
  double threshold = 0.5;
  std::string csv = "bench/results/quickstart.csv";
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "The quickstart scenario at full size: training throughput, then 10% random forgetting "
      "with retrain and SalUn on Fashion-MNIST.",
      "quickstart");
  app.add_option("--train", o.train, "training rows of Fashion-MNIST")->check(positive());
  app.add_option("--epochs", o.epochs, "training epochs of the cnn")->check(positive());
  app.add_option("--salun-epochs", o.salun_epochs, "SalUn's unlearning epochs")->check(positive());
  app.add_option("--salun-lr", o.salun_lr, "SalUn's learning rate")->check(positive());
  app.add_option("--threshold", o.threshold, "SalUn's THRESHOLD: the fraction of weights kept salient")
      ->check(fraction());
  app.add_option("--csv", o.csv, "CSV file the table is written to");
  app.parseOrExit(argc, argv);
  return o;
}

// Seconds an operator took, read from a run's analysed plan ("SALIENCY ... (1.234 s)").
// DESCRIBE RUN gives the plan one line per row: the first row is "plan", the rest "".
double operatorSeconds(lethe::Connection& con, int64_t run, const std::string& op) {
  const auto r = mustQuery(con, "DESCRIBE RUN " + std::to_string(run) + ";");
  std::string plan;
  bool in_plan = false;
  for (size_t i = 0; i < r.rowCount(); ++i) {
    const std::string property = r.at(i, "property").text();
    in_plan = property == "plan" || (in_plan && property.empty());
    if (in_plan) plan += r.at(i, "value").toString() + "\n";
  }
  std::smatch m;
  if (std::regex_search(plan, m, std::regex(op + "[^\\n]*\\(([0-9.]+) s\\)"))) return std::stod(m[1]);
  return 0.0;
}

std::vector<std::string> metricRow(const std::string& name, const lethe::Result& r, double seconds) {
  auto cell = [&](const std::string& column) {
    for (const auto& c : r.columns())
      if (c == column) return r.at(0, column).isNull() ? std::string("-") : fixed(r.at(0, column).real());
    return std::string("-");
  };
  return {name, cell("ua"), cell("ra"), cell("ta"), cell("mia"), cell("gap"), fixed(seconds, 1)};
}

}  // namespace

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  lethe::Database db(":memory:");
  lethe::Connection con(db);

  mustQuery(con, "CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';");
  std::string data = "fmnist";
  if (o.train < 60000) {
    mustQuery(con, "CREATE DATASET sub AS SUBSET OF fmnist WITH (train = " + std::to_string(o.train) + ", test = 10000);");
    data = "sub";
  }
  const auto trained = mustQuery(con, "CREATE MODEL clf ARCH cnn ON " + data + " WITH (epochs = " + std::to_string(o.epochs) +
                                          ", lr = 0.05, batch_size = 128, seed = 1);");
  const double train_seconds = trained.at(0, "seconds").real();

  const std::string target = "FORGET RANDOM 10 PERCENT SEED 1 FROM clf@1 USING ";
  const auto retrain = mustQuery(con, target + "retrain EVALUATE ua, ra, ta, mia, rte, gap INTO clf_retrained;");
  const auto salun = mustQuery(con, target + "salun THRESHOLD " + fixed(o.threshold, 3) + " WITH (epochs = " +
                                        std::to_string(o.salun_epochs) + ", lr = " + fixed(o.salun_lr, 4) +
                                        ") EVALUATE ua, ra, ta, mia, rte, gap;");
  const auto original = mustQuery(con, "EVALUATE MODEL clf@1 METRICS (ua, ra, ta, mia) FOR FORGET SET 1;");
  const int64_t salun_run = salun.at(0, "run").integer();
  const double mask_seconds = operatorSeconds(con, salun_run, "SALIENCY");
  const double salun_seconds = operatorSeconds(con, salun_run, "UNLEARN");
  const double retrain_seconds = retrain.at(0, "rte").real();

  lethe::bench::Table timing{{"measure", "value"}, {}};
  timing.rows = {
      {"training images", std::to_string(o.train)},
      {"train epochs", std::to_string(o.epochs)},
      {"train seconds / epoch", fixed(train_seconds / static_cast<double>(o.epochs))},
      {"train images / second", fixed(trained.at(0, "images_per_s").real(), 0)},
      {"test accuracy (original)", fixed(trained.at(0, "test_acc").real())},
      {"mask seconds", fixed(mask_seconds)},
      {"salun seconds (" + std::to_string(o.salun_epochs) + " epochs)", fixed(salun_seconds)},
      {"retrain seconds", fixed(retrain_seconds)},
      {"salun cost / retrain cost", fixed((mask_seconds + salun_seconds) / retrain_seconds * 100.0, 1) + "%"},
  };
  std::cout << "\n## Fashion-MNIST, cnn: timings\n\n";
  timing.print(std::cout);

  lethe::bench::Table table{{"method", "UA", "RA", "TA", "MIA", "Avg. Gap", "seconds"}, {}};
  table.rows.push_back(metricRow("original", original, 0.0));
  table.rows.push_back(metricRow("retrain", retrain, retrain_seconds));
  table.rows.push_back(metricRow("salun", salun, mask_seconds + salun_seconds));
  std::cout << "\n## 10% random forgetting\n\n";
  table.print(std::cout);
  table.writeCsv(o.csv);
  timing.writeCsv(std::filesystem::path(o.csv).replace_extension("").string() + "_timing.csv");
  std::cout << "\nCSV: " << o.csv << "\n";
  return 0;
}
