// bench/catalog: how the catalog's governance views scale. A catalog is filled with synthetic
// rows through the catalog API (no training): models with version chains (every version after
// the first made by a FORGET of a few rows), evaluate runs up to the run count, deletion
// requests and audit log entries. Then, through the engine (parse, bind, run):
//
//   open          Database + Connection + one SHOW DATASETS, median over --opens
//   statements/s  SHOW MODELS, SHOW VERSIONS, SHOW REQUESTS, DESCRIBE RUN, DESCRIBE REQUEST,
//                 DESCRIBE MODEL, SHOW MODELS CONTAINING (lineage over every version)
//   bytes/version the file's size over the versions, and the part beyond the weights themselves
//   VERIFY AUDIT  seconds for the whole chain
//
//   catalog --versions 1000 --runs 10000 --requests 100 --audit 10000 --out bench/results/catalog.csv
#include <chrono>
#include <filesystem>
#include <random>

#include <unistd.h>

#include "bench/bench_util.hpp"
#include "catalog/catalog.hpp"

using lethe::bench::fixed;
using lethe::bench::mustQuery;
using lethe::bench::positive;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;
namespace cat = lethe::catalog;

namespace {

struct Options {
  int versions = 1000;
  int chain = 10;  // versions per model
  int runs = 10000;
  int requests = 100;
  int audit = 10000;
  int weights_bytes = 65536;
  double seconds = 1.0;  // measuring time per statement kind
  int opens = 20;
  std::string catalog;
  std::string out = "bench/results/catalog.csv";
};

Options parse(int argc, char** argv) {
  Options o;
  lethe::bench::Flags app("Catalog scale: governance statements per second, open time, bytes per version, VERIFY AUDIT.",
                          "catalog");
  app.add_option("--versions", o.versions, "model versions in all")->check(positive());
  app.add_option("--chain", o.chain, "versions per model (a chain of FORGETs)")->check(positive());
  app.add_option("--runs", o.runs, "runs in all (the versions' own, then evaluate runs)")->check(positive());
  app.add_option("--requests", o.requests, "deletion requests")->check(positive());
  app.add_option("--audit", o.audit, "audit log entries")->check(positive());
  app.add_option("--weights-bytes", o.weights_bytes, "bytes of each version's synthetic weights")->check(positive());
  app.add_option("--seconds", o.seconds, "time spent on each statement kind")->check(positive());
  app.add_option("--opens", o.opens, "catalog opens timed")->check(positive());
  app.add_option("--catalog", o.catalog, "catalog file (default: a temporary one, removed at the end)");
  app.add_option("--out,--csv", o.out, "CSV file the table is written to");
  app.parseOrExit(argc, argv);
  return o;
}

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

cat::Bytes randomWeights(std::mt19937_64& rng, int bytes) {
  cat::Bytes weights(static_cast<size_t>(bytes));
  for (auto& b : weights) b = static_cast<uint8_t>(rng());
  return weights;
}

std::vector<int64_t> randomRows(std::mt19937_64& rng, int64_t rows, int count) {
  std::vector<int64_t> ids;
  while (static_cast<int>(ids.size()) < count) {
    const int64_t id = static_cast<int64_t>(rng() % static_cast<uint64_t>(rows));
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Models alternate between the builtin dataset and a subset of it, so lineage maps rows both ways.
void fill(const Options& o, const std::string& path) {
  {
    lethe::Database db(path);
    lethe::Connection con(db);
    mustQuery(con, "CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';");
    mustQuery(con, "CREATE DATASET small AS SUBSET OF fmnist WITH (train = 5000, test = 1000, seed = 1);");
  }
  cat::Catalog catalog(path);
  std::mt19937_64 rng(1);
  const auto datasets = catalog.listDatasets();
  int runs = 0;
  {
    cat::Catalog::Transaction transaction(catalog);
    const int models = (o.versions + o.chain - 1) / o.chain;
    for (int m = 0, made = 0; m < models; ++m) {
      const auto& dataset = datasets[static_cast<size_t>(m % 2)];
      cat::ModelEntry model;
      model.name = "m" + std::to_string(m);
      model.dataset_id = dataset.id;
      model.dataset_name = dataset.name;
      model.arch = "mlp";
      model.recipe_json = "{}";
      model.id = catalog.insertModel(model);
      std::optional<int64_t> parent;
      for (int v = 1; v <= o.chain && made < o.versions; ++v, ++made) {
        cat::RunEntry run;
        run.kind = v == 1 ? "train" : "forget";
        run.statement = "synthetic";
        run.model_id = model.id;
        run.source_version_id = parent;
        if (v > 1) {
          cat::ForgetSetEntry set;
          set.dataset_id = dataset.id;
          set.kind = lethe::ForgetScenario::Samples;
          set.description = "SAMPLES (10 ids)";
          set.ids = randomRows(rng, dataset.num_train, 10);
          run.forget_set_id = catalog.insertForgetSet(set);
          run.method = "salun";
        }
        cat::VersionEntry version;
        version.model_id = model.id;
        version.version = v;
        version.parent_version_id = parent;
        version.note = "synthetic";
        const auto stored = catalog.insertVersionWithRun(run, version, randomWeights(rng, o.weights_bytes),
                                                         {{"ua", 1.0}, {"ra", 99.0}, {"ta", 90.0}, {"mia", 5.0}});
        parent = stored.version_id;
        ++runs;
      }
    }
    for (; runs < o.runs; ++runs) {
      cat::RunEntry run;
      run.kind = "evaluate";
      run.statement = "synthetic";
      run.model_id = 1 + runs % models;
      const int64_t id = catalog.insertRun(run);
      for (const char* metric : {"ua", "ra", "ta", "mia"}) catalog.insertMetric(id, metric, 50.0);
    }
    for (int r = 0; r < o.requests; ++r) {
      cat::RequestEntry request;
      request.name = "r-" + std::to_string(r);
      request.subject = "user " + std::to_string(r);
      request.regulation = "gdpr";
      request.due = "2099-01-31";
      request.dataset_id = datasets[0].id;
      request.dataset_name = datasets[0].name;
      request.ids = randomRows(rng, datasets[0].num_train, 5);
      request.status = r % 4 == 0 ? cat::kRequestPending : cat::kRequestCompleted;
      catalog.insertRequest(request);
    }
    transaction.commit();
  }
  for (int a = 0; a < o.audit; ++a) {
    cat::AuditEntry entry;
    entry.at = "2026-01-01T00:00:00.000Z";
    entry.user = "bench";
    entry.statement = "FORGET SAMPLES (" + std::to_string(a) + ") FROM m0 USING salun";
    entry.kind = "FORGET";
    entry.result = "ok";
    entry.rows_changed = 12;
    catalog.appendAudit(entry);
  }
}

// Statements per second of one statement, run for `seconds`.
double rate(lethe::Connection& con, const std::string& sql, double seconds) {
  mustQuery(con, sql);
  int64_t count = 0;
  const auto start = Clock::now();
  while (since(start) < seconds) {
    mustQuery(con, sql);
    ++count;
  }
  return static_cast<double>(count) / since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const bool temporary = o.catalog.empty();
  const std::string path = temporary ? (fs::temp_directory_path() / ("lethe_bench_catalog_" + std::to_string(getpid()) + ".db")).string()
                                     : o.catalog;
  if (temporary || !fs::exists(path)) {
    const auto start = Clock::now();
    fill(o, path);
    std::cout << "filled " << path << " in " << fixed(since(start), 1) << " s\n";
  }

  lethe::bench::Table table;
  table.columns = {"measure", "value", "unit"};
  std::vector<double> opens;
  for (int i = 0; i < o.opens; ++i) {
    const auto start = Clock::now();
    lethe::Database db(path);
    lethe::Connection con(db);
    mustQuery(con, "SHOW DATASETS;");
    opens.push_back(since(start) * 1000.0);
  }
  std::sort(opens.begin(), opens.end());
  table.rows.push_back({"open (median)", fixed(opens[opens.size() / 2], 2), "ms"});

  lethe::Database db(path);
  lethe::Connection con(db);
  for (const std::string sql : {"SHOW DATASETS;", "SHOW MODELS;", "SHOW VERSIONS OF m7;", "SHOW REQUESTS;", "DESCRIBE RUN 4321;",
                                "DESCRIBE REQUEST 'r-42';", "DESCRIBE MODEL m7;", "DESCRIBE DATASET small;",
                                "SHOW MODELS CONTAINING SAMPLES (17, 4242, 31337) OF fmnist;"}) {
    const double per_second = rate(con, sql, o.seconds);
    table.rows.push_back({sql, fixed(per_second, 0), "statements/s"});
  }
  const auto lineage_start = Clock::now();
  const int lineage_reps = 50;
  for (int i = 0; i < lineage_reps; ++i) mustQuery(con, "SHOW MODELS CONTAINING SAMPLES (17, 4242, 31337) OF fmnist;");
  table.rows.push_back({"lineage query (mean)", fixed(since(lineage_start) * 1000.0 / lineage_reps, 2), "ms"});

  const auto verify_start = Clock::now();
  const auto verified = mustQuery(con, "VERIFY AUDIT;");
  table.rows.push_back({"VERIFY AUDIT (" + verified.at(0, "entries").toString() + " entries)",
                        fixed(since(verify_start) * 1000.0, 1), "ms"});

  const double file_bytes = static_cast<double>(fs::file_size(path)) +
                            (fs::exists(path + "-wal") ? static_cast<double>(fs::file_size(path + "-wal")) : 0.0);
  table.rows.push_back({"bytes per version (file / versions)", fixed(file_bytes / o.versions, 0), "bytes"});
  table.rows.push_back({"beyond the weights, per version", fixed(file_bytes / o.versions - o.weights_bytes, 0), "bytes"});

  table.print(std::cout);
  table.writeCsv(o.out);
  if (temporary) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  }
  return 0;
}
