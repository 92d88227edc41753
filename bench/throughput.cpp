// bench/throughput: the engine's training epoch against a minimal hand-written LibTorch loop
// over the same in-memory tensors, the same model and the same batch size.
//
//   raw     : randperm -> index_select -> float/255 -> forward -> cross-entropy -> backward -> SGD step
//   engine  : ml::trainEpoch, the loop every CREATE MODEL / retrain / unlearning epoch runs
//             (seeded shuffles, progress and cancel checks, loss kept on the device)
//   statement: CREATE MODEL through the public API; its images_per_s column (whole training,
//             evaluation excluded)
//
// Epochs alternate raw / engine so that drift in machine speed hits both alike; each figure is
// the median over the repetitions.
//
// Sharing the CPU: `--compete n` keeps n busy processes running while the epochs are timed (an
// embedded engine runs beside other work). Like every program of ours, the bench runs with
// OMP_WAIT_POLICY=PASSIVE unless the environment sets a policy (common/openmp_wait.hpp), so
// `OMP_WAIT_POLICY=ACTIVE throughput --compete 2` shows what spinning waits cost.
//
//   throughput --batch 256 --reps 5   (`--help` lists every flag: parse() below)
#include <signal.h>
#include <sys/wait.h>
#include <torch/torch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "bench/bench_util.hpp"
#include "common/openmp_wait.hpp"
#include "executors/api.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"
#include "ml/training.hpp"
#include "planner/registry.hpp"

using lethe::bench::fixed;
using lethe::bench::mustQuery;
using lethe::bench::nonNegative;
using lethe::bench::positive;

namespace {

struct Options {
  std::string arch = "cnn";
  int64_t train = 60000;
  int64_t batch = 128;
  int reps = 3;
  int threads = 0;
  int compete = 0;
  std::string csv = "bench/results/throughput.csv";
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app(
      "The engine's training epoch against a minimal hand-written LibTorch loop, and CREATE "
      "MODEL's images per second.",
      "throughput");
  app.add_option("--arch", o.arch, "architecture of the model");
  app.add_option("--train", o.train, "training rows of Fashion-MNIST")->check(positive());
  app.add_option("--batch", o.batch, "batch size")->check(positive());
  app.add_option("--reps", o.reps, "epochs timed per loop (each figure is their median)")->check(positive());
  app.add_option("--threads", o.threads, "torch threads; 0 = one per core")->check(nonNegative());
  app.add_option("--compete", o.compete, "busy processes (one core each) kept running beside the timed epochs")
      ->check(nonNegative());
  app.add_option("--csv", o.csv, "CSV file the table is written to");
  app.parseOrExit(argc, argv);
  return o;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

torch::optim::SGD makeSgd(lethe::ml::Classifier& model) {
  return torch::optim::SGD(model.parameters(), torch::optim::SGDOptions(0.01).momentum(0.9).weight_decay(5e-4));
}

// The minimal loop a LibTorch user would write by hand.
double rawEpoch(lethe::ml::Classifier& model, torch::optim::SGD& sgd, const lethe::ml::Split& split,
                const torch::Tensor& rows, int64_t batch, uint64_t seed) {
  const auto start = std::chrono::steady_clock::now();
  model.train();
  torch::manual_seed(seed);
  const torch::Tensor order = rows.index_select(0, torch::randperm(rows.numel(), torch::kInt64));
  for (int64_t at = 0; at < order.numel(); at += batch) {
    const torch::Tensor ids = order.slice(0, at, std::min(at + batch, order.numel()));
    const torch::Tensor x = split.images.index_select(0, ids).to(torch::kFloat32).div_(255.0);
    const torch::Tensor y = split.labels.index_select(0, ids);
    sgd.zero_grad();
    torch::cross_entropy_loss(model.forward(x), y).backward();
    sgd.step();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

lethe::exec::DatasetSource fashionMnist(int64_t train) {
  lethe::exec::DatasetSource source;
  source.format = "idx";
  source.path = lethe::registry::findBuiltinDataset("fashion-mnist")->path;
  std::vector<int64_t> ids(static_cast<size_t>(train));
  for (int64_t i = 0; i < train; ++i) ids[static_cast<size_t>(i)] = i;
  source.train_ids = ids;
  source.test_ids = std::vector<int64_t>{0};
  return source;
}

// `count` processes that spin until stopped: another program's work on the same cores. They
// are one process group, started by a shell so that nothing runs in a fork of this
// multi-threaded process but exec.
class CompetingLoad {
 public:
  explicit CompetingLoad(int count) {
    if (count <= 0) return;
    const std::string script = "for i in $(seq " + std::to_string(count) + "); do (while :; do :; done) & done; wait";
    group_ = fork();
    if (group_ == 0) {
      setpgid(0, 0);
      execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    if (group_ > 0) setpgid(group_, group_);
  }
  ~CompetingLoad() {
    if (group_ <= 0) return;
    kill(-group_, SIGKILL);
    waitpid(group_, nullptr, 0);
  }
  CompetingLoad(const CompetingLoad&) = delete;
  CompetingLoad& operator=(const CompetingLoad&) = delete;

 private:
  pid_t group_ = -1;
};

}  // namespace

int main(int argc, char** argv) {
  lethe::adoptOpenMpWaitPolicy(argv);
  const Options o = parse(argc, argv);
  lethe::exec::setThreads(o.threads);
  const auto data = lethe::ml::loadDataset(fashionMnist(o.train));
  const lethe::ml::InputShape shape{1, 28, 28, 10};
  const torch::Tensor rows = torch::arange(data->train.size(), torch::kInt64);
  const torch::Device cpu(torch::kCPU);
  const lethe::exec::ExecutionContext context;

  torch::manual_seed(1);
  auto raw_model = lethe::ml::makeClassifier(o.arch, shape);
  torch::manual_seed(1);
  auto engine_model = lethe::ml::makeClassifier(o.arch, shape);
  auto raw_sgd = makeSgd(*raw_model);
  auto engine_sgd = makeSgd(*engine_model);

  // One warm-up epoch each on a slice (allocator, oneDNN primitive caches).
  const torch::Tensor warm = rows.slice(0, 0, std::min<int64_t>(2048, rows.numel()));
  rawEpoch(*raw_model, raw_sgd, data->train, warm, o.batch, 0);
  lethe::ml::trainEpoch(*engine_model, engine_sgd, data->train, warm, o.batch, 0, cpu, context, "train");

  const CompetingLoad load(o.compete);
  std::vector<double> raw_rates, engine_rates;
  for (int rep = 0; rep < o.reps; ++rep) {
    const double raw_seconds = rawEpoch(*raw_model, raw_sgd, data->train, rows, o.batch, rep + 1);
    const auto stats = lethe::ml::trainEpoch(*engine_model, engine_sgd, data->train, rows, o.batch, rep + 1, cpu,
                                             context, "train");
    raw_rates.push_back(double(rows.numel()) / raw_seconds);
    engine_rates.push_back(double(stats.images) / stats.seconds);
    std::cerr << "rep " << rep + 1 << ": raw " << fixed(raw_rates.back(), 0) << " img/s, engine "
              << fixed(engine_rates.back(), 0) << " img/s\n";
  }

  // The whole statement: dataset subset, CREATE MODEL (one epoch), images_per_s as reported.
  lethe::Database db(":memory:");
  lethe::Connection con(db);
  mustQuery(con, "SET threads = " + std::to_string(o.threads) + ";");
  mustQuery(con, "CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';");
  mustQuery(con, "CREATE DATASET d AS SUBSET OF fmnist WITH (train = " + std::to_string(o.train) + ", test = 1000);");
  std::vector<double> statement_rates;
  for (int rep = 0; rep < o.reps; ++rep) {
    const auto r = mustQuery(con, "CREATE MODEL m" + std::to_string(rep) + " ARCH " + o.arch + " ON d WITH (epochs = 1, batch_size = " +
                                      std::to_string(o.batch) + ");");
    statement_rates.push_back(r.at(0, "images_per_s").real());
  }

  const double raw = median(raw_rates), engine = median(engine_rates), statement = median(statement_rates);
  lethe::bench::Table table;
  table.columns = {"loop", "arch", "rows", "batch", "threads", "competing", "wait_policy", "images_per_s", "vs_raw_%"};
  const std::string threads = std::to_string(torch::get_num_threads());
  const std::string policy = lethe::openMpWaitPolicy().empty() ? "(default)" : lethe::openMpWaitPolicy();
  auto add = [&](const std::string& name, double rate) {
    table.rows.push_back({name, o.arch, std::to_string(rows.numel()), std::to_string(o.batch), threads,
                          std::to_string(o.compete), policy, fixed(rate, 0), fixed(100.0 * rate / raw, 1)});
  };
  add("raw LibTorch loop", raw);
  add("engine epoch (ml::trainEpoch)", engine);
  add("CREATE MODEL statement", statement);
  table.print(std::cout);
  table.writeCsv(o.csv);
  std::cout << "\nmedian of " << o.reps << " epochs each; CSV: " << o.csv << "\n";
  return 0;
}
